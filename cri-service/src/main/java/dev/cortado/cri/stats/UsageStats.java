package dev.cortado.cri.stats;

import java.util.Objects;
import java.util.Optional;

/**
 * CPU and memory of one cgroup as CRI reports them; a part is empty when the hierarchy lacks its
 * files (on a hybrid host the unified hierarchy has {@code cpu.stat} but no memory controller).
 *
 * @param timestampNanos wall-clock nanoseconds since the epoch of the reading
 * @param cpu cpu usage, empty when the cgroup could not be read
 * @param memory memory usage, empty without the memory controller
 */
public record UsageStats(long timestampNanos, Optional<Cpu> cpu, Optional<Memory> memory) {
    /** Nothing read. */
    public static UsageStats none(long timestampNanos) {
        return new UsageStats(timestampNanos, Optional.empty(), Optional.empty());
    }

    public UsageStats {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memory, "memory");
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
    public record Memory(long workingSet, long usage, Optional<Long> available, long rss, long pageFaults,
            long majorPageFaults) {
        public Memory {
            Objects.requireNonNull(available, "available");
        }
    }
}
