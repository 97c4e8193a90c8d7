package dev.cortado.cgroups.resources;

import java.util.List;
import java.util.Map;

/**
 * Plain mirror of CRI {@code runtime.v1.LinuxContainerResources}, filled by the gRPC adapter;
 * numbers keep proto3 semantics (0 = not set). {@code oom_score_adj} is a process setting and is
 * carried only so the adapter maps every field; the cgroup library ignores it.
 *
 * @param cpuPeriod cpu_period (1), microseconds
 * @param cpuQuota cpu_quota (2), microseconds
 * @param cpuShares cpu_shares (3)
 * @param memoryLimitInBytes memory_limit_in_bytes (4)
 * @param oomScoreAdj oom_score_adj (5)
 * @param cpusetCpus cpuset_cpus (6)
 * @param cpusetMems cpuset_mems (7)
 * @param hugepageLimits hugepage_limits (8)
 * @param unified unified (9)
 * @param memorySwapLimitInBytes memory_swap_limit_in_bytes (10), memory plus swap
 */
public record CriLinuxContainerResources(
        long cpuPeriod,
        long cpuQuota,
        long cpuShares,
        long memoryLimitInBytes,
        long oomScoreAdj,
        String cpusetCpus,
        String cpusetMems,
        List<HugepageLimit> hugepageLimits,
        Map<String, String> unified,
        long memorySwapLimitInBytes) {

    /** Copies the collections; null strings become empty, as proto3 strings are never null. */
    public CriLinuxContainerResources {
        cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
        cpusetMems = cpusetMems == null ? "" : cpusetMems;
        hugepageLimits = List.copyOf(hugepageLimits);
        unified = Map.copyOf(unified);
    }

    /** CRI's {@code HugepageLimit{page_size, limit}} has the same shape as ours. */
    public static HugepageLimit hugepage(String pageSize, long limit) {
        return new HugepageLimit(pageSize, limit);
    }
}
