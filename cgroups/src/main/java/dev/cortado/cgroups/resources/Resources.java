package dev.cortado.cgroups.resources;

import static dev.cortado.cgroups.resources.Checks.check;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything a cgroup can be limited by, in one immutable record that both CRI and OCI inputs map
 * to; each controller class reads its own part. Absent parts are the {@code NONE} constants.
 *
 * @param cpu CPU weight and bandwidth
 * @param cpuset CPU and memory-node pinning
 * @param memory memory, swap, high, oom.group
 * @param pidsLimit maximum number of tasks, -1 for unlimited, null for not set
 * @param hugepages hugetlb limits per page size
 * @param io block I/O weight and throttling
 * @param rdma RDMA limits per device name
 * @param unified raw cgroup v2 file values (CRI/OCI {@code unified}), written last, verbatim
 */
public record Resources(CpuResources cpu, CpusetResources cpuset, MemoryResources memory, Long pidsLimit,
        List<HugepageLimit> hugepages, IoResources io, Map<String, RdmaLimit> rdma, Map<String, String> unified) {
    /** No limits at all. */
    public static final Resources NONE = new Resources(CpuResources.NONE, CpusetResources.NONE,
            MemoryResources.NONE, null, List.of(), IoResources.NONE, Map.of(), Map.of());

    /** Validates and copies (maps sorted, so writes come out in a stable order). */
    public Resources {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(cpuset, "cpuset");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(io, "io");
        check(pidsLimit == null || pidsLimit == -1 || pidsLimit > 0, "pids limit must be -1 or positive, got " + pidsLimit);
        hugepages = List.copyOf(hugepages);
        rdma = java.util.Collections.unmodifiableMap(new TreeMap<>(rdma));
        unified = java.util.Collections.unmodifiableMap(new TreeMap<>(unified));
        check(hugepages.stream().map(HugepageLimit::pageSize).distinct().count() == hugepages.size(),
                "hugepage limits name a page size twice");
    }

    /** Returns a copy with other memory settings. */
    public Resources withMemory(MemoryResources m) {
        return new Resources(cpu, cpuset, m, pidsLimit, hugepages, io, rdma, unified);
    }

    /** Returns a copy with other CPU settings. */
    public Resources withCpu(CpuResources c) {
        return new Resources(c, cpuset, memory, pidsLimit, hugepages, io, rdma, unified);
    }

    /** Returns a copy with another pids limit. */
    public Resources withPidsLimit(Long p) {
        return new Resources(cpu, cpuset, memory, p, hugepages, io, rdma, unified);
    }

    /** Returns a copy with other I/O settings. */
    public Resources withIo(IoResources i) {
        return new Resources(cpu, cpuset, memory, pidsLimit, hugepages, i, rdma, unified);
    }

    /** Returns a copy with another unified map. */
    public Resources withUnified(Map<String, String> u) {
        return new Resources(cpu, cpuset, memory, pidsLimit, hugepages, io, rdma, u);
    }
}
