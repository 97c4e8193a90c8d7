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
public record Resources(
        CpuResources cpu,
        CpusetResources cpuset,
        MemoryResources memory,
        Long pidsLimit,
        List<HugepageLimit> hugepages,
        IoResources io,
        Map<String, RdmaLimit> rdma,
        Map<String, String> unified) {
    /** No limits at all. */
    public static final Resources NONE = new Resources(
            CpuResources.NONE,
            CpusetResources.NONE,
            MemoryResources.NONE,
            null,
            List.of(),
            IoResources.NONE,
            Map.of(),
            Map.of());

    /** Validates and copies (maps sorted, so writes come out in a stable order). */
    public Resources {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(cpuset, "cpuset");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(io, "io");
        check(
                pidsLimit == null || pidsLimit == -1 || pidsLimit > 0,
                "pids limit must be -1 or positive, got " + pidsLimit);
        hugepages = List.copyOf(hugepages);
        rdma = java.util.Collections.unmodifiableMap(new TreeMap<>(rdma));
        unified = java.util.Collections.unmodifiableMap(new TreeMap<>(unified));
        check(
                hugepages.stream().map(HugepageLimit::pageSize).distinct().count() == hugepages.size(),
                "hugepage limits name a page size twice");
    }

    /** A builder starting from {@link #NONE}: set only the parts that are limited. */
    public static Builder builder() {
        return new Builder(NONE);
    }

    /** A builder starting from this record's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Returns a copy with other memory settings. */
    public Resources withMemory(MemoryResources m) {
        return toBuilder().memory(m).build();
    }

    /** Returns a copy with other CPU settings. */
    public Resources withCpu(CpuResources c) {
        return toBuilder().cpu(c).build();
    }

    /** Returns a copy with another pids limit. */
    public Resources withPidsLimit(Long p) {
        return toBuilder().pidsLimit(p).build();
    }

    /** Returns a copy with other I/O settings. */
    public Resources withIo(IoResources i) {
        return toBuilder().io(i).build();
    }

    /** Returns a copy with another unified map. */
    public Resources withUnified(Map<String, String> u) {
        return toBuilder().unified(u).build();
    }

    /** Builds {@link Resources} by name instead of eight positional parts; validation runs in {@link #build}. */
    public static final class Builder {
        private CpuResources cpu;
        private CpusetResources cpuset;
        private MemoryResources memory;
        private Long pidsLimit;
        private List<HugepageLimit> hugepages;
        private IoResources io;
        private Map<String, RdmaLimit> rdma;
        private Map<String, String> unified;

        private Builder(Resources from) {
            cpu = from.cpu;
            cpuset = from.cpuset;
            memory = from.memory;
            pidsLimit = from.pidsLimit;
            hugepages = from.hugepages;
            io = from.io;
            rdma = from.rdma;
            unified = from.unified;
        }

        public Builder cpu(CpuResources v) {
            cpu = v;
            return this;
        }

        public Builder cpuset(CpusetResources v) {
            cpuset = v;
            return this;
        }

        public Builder memory(MemoryResources v) {
            memory = v;
            return this;
        }

        /** -1 for unlimited, null for not set. */
        public Builder pidsLimit(Long v) {
            pidsLimit = v;
            return this;
        }

        public Builder hugepages(List<HugepageLimit> v) {
            hugepages = v;
            return this;
        }

        public Builder io(IoResources v) {
            io = v;
            return this;
        }

        public Builder rdma(Map<String, RdmaLimit> v) {
            rdma = v;
            return this;
        }

        public Builder unified(Map<String, String> v) {
            unified = v;
            return this;
        }

        public Resources build() {
            return new Resources(cpu, cpuset, memory, pidsLimit, hugepages, io, rdma, unified);
        }
    }
}
