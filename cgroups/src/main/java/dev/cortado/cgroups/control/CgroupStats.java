package dev.cortado.cgroups.control;

import dev.cortado.cgroups.stats.CpuStat;
import dev.cortado.cgroups.stats.HugetlbStat;
import dev.cortado.cgroups.stats.IoStat;
import dev.cortado.cgroups.stats.MemoryUsage;
import dev.cortado.cgroups.stats.PidsStat;
import dev.cortado.cgroups.stats.Psi;
import java.util.List;
import java.util.Objects;

/**
 * One reading of every statistic a cgroup offers; parts whose files do not exist (a controller
 * not enabled, as in hybrid mode) are null.
 *
 * @param cpu {@code cpu.stat} (always present on cgroup v2)
 * @param memory memory usage, or null
 * @param pids pids usage, or null
 * @param io {@code io.stat}, or null
 * @param hugetlb per page size, empty when hugetlb is not enabled
 * @param cpuPressure {@code cpu.pressure}, or null without PSI
 * @param memoryPressure {@code memory.pressure}, or null
 * @param ioPressure {@code io.pressure}, or null
 * @param timestampNanos monotonic time of the reading, for usage_nano_cores
 */
public record CgroupStats(
        CpuStat cpu,
        MemoryUsage memory,
        PidsStat pids,
        IoStat io,
        List<HugetlbStat> hugetlb,
        Psi cpuPressure,
        Psi memoryPressure,
        Psi ioPressure,
        long timestampNanos) {
    /** Validates and copies. */
    public CgroupStats {
        Objects.requireNonNull(cpu, "cpu");
        hugetlb = List.copyOf(hugetlb);
    }

    /** A builder with no hugetlb and every optional part absent; {@code cpu} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this record's values. */
    public Builder toBuilder() {
        return new Builder()
                .cpu(cpu)
                .memory(memory)
                .pids(pids)
                .io(io)
                .hugetlb(hugetlb)
                .cpuPressure(cpuPressure)
                .memoryPressure(memoryPressure)
                .ioPressure(ioPressure)
                .timestampNanos(timestampNanos);
    }

    /** Builds {@link CgroupStats} by name instead of nine positional parts. */
    public static final class Builder {
        private CpuStat cpu;
        private MemoryUsage memory;
        private PidsStat pids;
        private IoStat io;
        private List<HugetlbStat> hugetlb = List.of();
        private Psi cpuPressure;
        private Psi memoryPressure;
        private Psi ioPressure;
        private long timestampNanos;

        private Builder() {}

        public Builder cpu(CpuStat v) {
            cpu = v;
            return this;
        }

        public Builder memory(MemoryUsage v) {
            memory = v;
            return this;
        }

        public Builder pids(PidsStat v) {
            pids = v;
            return this;
        }

        public Builder io(IoStat v) {
            io = v;
            return this;
        }

        public Builder hugetlb(List<HugetlbStat> v) {
            hugetlb = v;
            return this;
        }

        public Builder cpuPressure(Psi v) {
            cpuPressure = v;
            return this;
        }

        public Builder memoryPressure(Psi v) {
            memoryPressure = v;
            return this;
        }

        public Builder ioPressure(Psi v) {
            ioPressure = v;
            return this;
        }

        public Builder timestampNanos(long v) {
            timestampNanos = v;
            return this;
        }

        public CgroupStats build() {
            return new CgroupStats(
                    cpu, memory, pids, io, hugetlb, cpuPressure, memoryPressure, ioPressure, timestampNanos);
        }
    }
}
