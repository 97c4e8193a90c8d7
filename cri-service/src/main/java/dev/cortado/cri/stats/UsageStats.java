package dev.cortado.cri.stats;

import dev.cortado.cgroups.control.CgroupStats;
import dev.cortado.cgroups.stats.Psi;
import java.util.Objects;
import java.util.Optional;

/**
 * One cgroup's usage as CRI reports it; a part is empty when the hierarchy lacks its files (on a
 * hybrid host the unified hierarchy has {@code cpu.stat} and PSI but no memory, pids or io
 * controller), so nothing is invented.
 *
 * @param timestampNanos wall-clock nanoseconds since the epoch of the reading
 * @param cpu cpu usage, empty when the cgroup could not be read
 * @param memory memory usage, empty without the memory controller
 * @param cgroup the whole reading, for the parts below and for the cAdvisor metrics; empty when
 *     the cgroup could not be read
 * @param path the cgroup's path in the hierarchy ({@code /kubepods/pod1/<id>}), empty when unknown
 */
public record UsageStats(
        long timestampNanos,
        Optional<Cpu> cpu,
        Optional<Memory> memory,
        Optional<CgroupStats> cgroup,
        Optional<String> path) {
    /** Nothing read. */
    public static UsageStats none(long timestampNanos, Optional<String> path) {
        return new UsageStats(timestampNanos, Optional.empty(), Optional.empty(), Optional.empty(), path);
    }

    public UsageStats {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(cgroup, "cgroup");
        Objects.requireNonNull(path, "path");
    }

    /** Swap of the cgroup: empty without the memory controller or without swap accounting. */
    public Optional<Swap> swap() {
        return cgroup.map(CgroupStats::memory)
                .filter(m -> m.swapCurrent() >= 0)
                .map(m -> new Swap(
                        m.swapCurrent(), m.swapAvailable() < 0 ? Optional.empty() : Optional.of(m.swapAvailable())));
    }

    /** {@code cpu.pressure}, empty without PSI. */
    public Optional<Psi> cpuPressure() {
        return cgroup.map(CgroupStats::cpuPressure);
    }

    /** {@code memory.pressure}, empty without PSI. */
    public Optional<Psi> memoryPressure() {
        return cgroup.map(CgroupStats::memoryPressure);
    }

    /** {@code io.pressure}, empty without PSI. */
    public Optional<Psi> ioPressure() {
        return cgroup.map(CgroupStats::ioPressure);
    }

    /** {@code pids.current}: tasks in the cgroup and below, empty without the pids controller. */
    public Optional<Long> pids() {
        return cgroup.map(CgroupStats::pids).map(p -> p.current());
    }

    /**
     * @param usageCoreNanos cumulative CPU time ({@code usage_usec * 1000})
     * @param usageNanoCores cores in use since the previous reading, empty on the first one
     */
    public record Cpu(long usageCoreNanos, Optional<Long> usageNanoCores) {
        public Cpu {
            Objects.requireNonNull(usageNanoCores, "usageNanoCores");
        }
    }

    /**
     * @param workingSet {@code memory.current - inactive_file}
     * @param usage {@code memory.current}
     * @param available {@code memory.max - workingSet}, empty when unlimited
     * @param rss anonymous memory ({@code anon} of memory.stat)
     * @param pageFaults {@code pgfault}
     * @param majorPageFaults {@code pgmajfault}
     */
    public record Memory(
            long workingSet, long usage, Optional<Long> available, long rss, long pageFaults, long majorPageFaults) {
        public Memory {
            Objects.requireNonNull(available, "available");
        }
    }

    /**
     * @param usage {@code memory.swap.current}
     * @param available {@code memory.swap.max - usage}, empty when swap is unlimited
     */
    public record Swap(long usage, Optional<Long> available) {
        public Swap {
            Objects.requireNonNull(available, "available");
        }
    }
}
