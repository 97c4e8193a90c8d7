package dev.cortado.cgroups.stats;

/**
 * Memory usage of a cgroup as CRI reports it.
 *
 * @param current {@code memory.current}
 * @param peak {@code memory.peak}, -1 when the kernel lacks it (before 5.19)
 * @param swapCurrent {@code memory.swap.current}, -1 when swap accounting is off
 * @param swapMax {@code memory.swap.max}, -1 for unlimited or when swap accounting is off
 * @param limit {@code memory.max}, -1 for unlimited
 * @param stat {@code memory.stat}
 * @param events {@code memory.events}
 */
public record MemoryUsage(
        long current, long peak, long swapCurrent, long swapMax, long limit, MemoryStat stat, MemoryEvents events) {
    /**
     * Returns the CRI working set: {@code memory.current - inactive_file}, never negative (the two
     * files are read at different moments), as containerd and kubelet compute it.
     */
    public long workingSet() {
        return workingSet(current, stat.inactiveFile());
    }

    /**
     * Returns the swap still available under {@code memory.swap.max}, or -1 when swap is unlimited
     * or not accounted (CRI then leaves {@code swap_available_bytes} unset).
     */
    public long swapAvailable() {
        if (swapCurrent < 0 || swapMax < 0) {
            return -1;
        }
        return Math.max(0, swapMax - swapCurrent);
    }

    /** The working-set rule on raw numbers. */
    public static long workingSet(long current, long inactiveFile) {
        return Math.max(0, current - inactiveFile);
    }
}
