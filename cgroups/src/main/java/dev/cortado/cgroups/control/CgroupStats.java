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
public record CgroupStats(CpuStat cpu, MemoryUsage memory, PidsStat pids, IoStat io, List<HugetlbStat> hugetlb,
        Psi cpuPressure, Psi memoryPressure, Psi ioPressure, long timestampNanos) {
    /** Validates and copies. */
    public CgroupStats {
        Objects.requireNonNull(cpu, "cpu");
        hugetlb = List.copyOf(hugetlb);
    }
}
