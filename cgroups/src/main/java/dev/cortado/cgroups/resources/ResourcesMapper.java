package dev.cortado.cgroups.resources;

import dev.cortado.cgroups.CgroupException;

/** Maps CRI and OCI resource mirrors to the one internal {@link Resources} record. */
public final class ResourcesMapper {
    private ResourcesMapper() {}

    /**
     * Maps CRI resources as containerd's {@code WithResources} does: zero means not set, and a
     * memory limit without a swap limit also sets swap to the limit, so the container gets no swap
     * ({@code memory.swap.max = 0}) unless kubelet asked for some.
     */
    public static Resources fromCri(CriLinuxContainerResources r) {
        Long limit = nz(r.memoryLimitInBytes());
        Long swap = nz(r.memorySwapLimitInBytes());
        if (swap == null && limit != null && limit > 0) {
            swap = limit;
        }
        return Resources.builder()
                .cpu(new CpuResources(nz(r.cpuShares()), nz(r.cpuQuota()), nz(r.cpuPeriod()), null))
                .cpuset(new CpusetResources(r.cpusetCpus(), r.cpusetMems()))
                .memory(new MemoryResources(limit, null, swap, null, null))
                .hugepages(r.hugepageLimits())
                .unified(r.unified())
                .build();
    }

    /**
     * Maps OCI resources as runc's specconv does for cgroup v2; fields that have no cgroup v2 file
     * and were asked for (realtime CPU, swappiness, disabling the OOM killer, leaf weights) fail as
     * UNSUPPORTED rather than being dropped silently.
     */
    public static Resources fromOci(OciLinuxResources r) {
        OciLinuxResources.Memory m = r.memory();
        OciLinuxResources.Cpu c = r.cpu();
        OciLinuxResources.BlockIo b = r.blockIO();
        MemoryResources memory = MemoryResources.NONE;
        if (m != null) {
            unsupported(m.swappiness() != null && m.swappiness() >= 0, "memory swappiness");
            unsupported(Boolean.TRUE.equals(m.disableOOMKiller()), "disabling the oom killer");
            memory = new MemoryResources(nz(m.limit()), nz(m.reservation()), nz(m.swap()), null, null);
        }
        CpuResources cpu = CpuResources.NONE;
        CpusetResources cpuset = CpusetResources.NONE;
        if (c != null) {
            unsupported(nz(c.realtimeRuntime()) != null || nz(c.realtimePeriod()) != null, "realtime cpu scheduling");
            cpu = new CpuResources(nz(c.shares()), nz(c.quota()), nz(c.period()), c.idle());
            cpuset = new CpusetResources(c.cpus(), c.mems());
        }
        IoResources io = IoResources.NONE;
        if (b != null) {
            unsupported(nz(b.leafWeight() == null ? null : b.leafWeight().longValue()) != null, "blkio leaf weight");
            io = new IoResources(
                    b.weight() == null || b.weight() == 0 ? null : b.weight(),
                    b.weightDevice(),
                    b.throttleReadBpsDevice(),
                    b.throttleWriteBpsDevice(),
                    b.throttleReadIOPSDevice(),
                    b.throttleWriteIOPSDevice());
        }
        // OCI: "pids.limit: 0 or -1 means unlimited" (runtime-spec config-linux.md); runc writes max.
        Long pids = r.pids() == null ? null : (r.pids() <= 0 ? -1L : r.pids());
        return Resources.builder()
                .cpu(cpu)
                .cpuset(cpuset)
                .memory(memory)
                .pidsLimit(pids)
                .hugepages(r.hugepageLimits())
                .io(io)
                .rdma(r.rdma())
                .unified(r.unified())
                .build();
    }

    private static Long nz(Long v) {
        return v == null || v == 0 ? null : v;
    }

    private static Long nz(long v) {
        return v == 0 ? null : v;
    }

    private static void unsupported(boolean asked, String what) {
        if (asked) {
            throw new CgroupException(
                    CgroupException.Reason.UNSUPPORTED, what + " has no cgroup v2 file and cannot be enforced");
        }
    }
}
