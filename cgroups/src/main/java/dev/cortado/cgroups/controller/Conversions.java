package dev.cortado.cgroups.controller;

/** The unit conversions from cgroup v1 style values (OCI, CRI) to cgroup v2 files, as runc and kubelet do them. */
public final class Conversions {
    private Conversions() {}

    /**
     * Converts CPU shares (2..262144) to {@code cpu.weight} (1..10000) linearly:
     * {@code 1 + ((shares - 2) * 9999) / 262142}, integer division, exactly as runc's
     * {@code ConvertCPUSharesToCgroupV2Value} and kubelet's {@code CPUSharesToCPUWeight}; 0 stays 0.
     */
    public static long cpuSharesToWeight(long shares) {
        if (shares == 0) {
            return 0;
        }
        return 1 + ((shares - 2) * 9999) / 262142;
    }

    /**
     * Converts a blkio weight (10..1000) to {@code io.weight} (1..10000):
     * {@code 1 + (weight - 10) * 9999 / 990}, as runc's {@code ConvertBlkIOToIOWeightValue}; 0 stays 0.
     */
    public static long blkioWeightToIoWeight(long weight) {
        if (weight == 0) {
            return 0;
        }
        return 1 + (weight - 10) * 9999 / 990;
    }

    /**
     * Converts an OCI memory+swap value to {@code memory.swap.max} as runc's
     * {@code ConvertMemorySwapToCgroupV2Value}: returns null for "do not write", -1 for "max".
     */
    public static Long swapMax(Long swap, Long limit) {
        if ((swap == null || swap == 0) && limit != null && limit == -1) {
            return -1L; // unlimited memory without a swap value: unlimited swap too (cgroup v1 compatibility)
        }
        if (swap == null || swap == 0 || swap == -1) {
            return swap == null || swap == 0 ? null : -1L;
        }
        return swap - limit; // MemoryResources guarantees limit > 0 and swap >= limit
    }

    /** Formats a limit: -1 becomes "max". */
    public static String max(long v) {
        return v == -1 ? "max" : Long.toString(v);
    }
}
