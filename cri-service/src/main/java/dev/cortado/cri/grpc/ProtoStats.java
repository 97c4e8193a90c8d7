package dev.cortado.cri.grpc;

import dev.cortado.api.cri.v1.ContainerAttributes;
import dev.cortado.api.cri.v1.ContainerStats;
import dev.cortado.api.cri.v1.ContainerStatsFilter;
import dev.cortado.api.cri.v1.CpuUsage;
import dev.cortado.api.cri.v1.FilesystemIdentifier;
import dev.cortado.api.cri.v1.FilesystemUsage;
import dev.cortado.api.cri.v1.IoUsage;
import dev.cortado.api.cri.v1.LinuxPodSandboxStats;
import dev.cortado.api.cri.v1.MemoryUsage;
import dev.cortado.api.cri.v1.NetworkInterfaceUsage;
import dev.cortado.api.cri.v1.NetworkUsage;
import dev.cortado.api.cri.v1.PodSandboxAttributes;
import dev.cortado.api.cri.v1.PodSandboxMetadata;
import dev.cortado.api.cri.v1.PodSandboxStats;
import dev.cortado.api.cri.v1.PodSandboxStatsFilter;
import dev.cortado.api.cri.v1.ProcessUsage;
import dev.cortado.api.cri.v1.PsiData;
import dev.cortado.api.cri.v1.PsiStats;
import dev.cortado.api.cri.v1.SwapUsage;
import dev.cortado.api.cri.v1.UInt64Value;
import dev.cortado.cgroups.stats.Psi;
import dev.cortado.cri.container.Container;
import dev.cortado.cri.container.ContainerFilter;
import dev.cortado.cri.sandbox.Sandbox;
import dev.cortado.cri.sandbox.SandboxFilter;
import dev.cortado.cri.sandbox.SandboxMetadata;
import dev.cortado.cri.stats.NetworkStats;
import dev.cortado.cri.stats.PodStats;
import dev.cortado.cri.stats.UsageStats;
import java.util.Optional;

/**
 * Stats records to CRI messages and stats filters to ours. A value we could not read is left
 * unset (the {@code UInt64Value} wrapper absent), which kubelet tells apart from zero.
 */
final class ProtoStats {
    private ProtoStats() {}

    static ContainerFilter filter(boolean present, ContainerStatsFilter in) {
        if (!present) {
            return ContainerFilter.ALL;
        }
        return new ContainerFilter(in.getId(), Optional.empty(), in.getPodSandboxId(), in.getLabelSelectorMap());
    }

    static SandboxFilter filter(boolean present, PodSandboxStatsFilter in) {
        if (!present) {
            return SandboxFilter.ALL;
        }
        return new SandboxFilter(in.getId(), Optional.empty(), in.getLabelSelectorMap());
    }

    static ContainerStats container(dev.cortado.cri.stats.ContainerStats s) {
        Container c = s.container();
        ContainerStats.Builder out = ContainerStats.newBuilder()
                .setAttributes(ContainerAttributes.newBuilder()
                        .setId(c.id())
                        .setMetadata(c.config().getMetadata())
                        .putAllLabels(c.config().getLabelsMap())
                        .putAllAnnotations(c.config().getAnnotationsMap()));
        cpu(s.usage()).ifPresent(out::setCpu);
        memory(s.usage()).ifPresent(out::setMemory);
        swap(s.usage()).ifPresent(out::setSwap);
        io(s.usage()).ifPresent(out::setIo);
        s.writableLayer()
                .ifPresent(l -> out.setWritableLayer(FilesystemUsage.newBuilder()
                        .setTimestamp(l.timestampNanos())
                        .setFsId(FilesystemIdentifier.newBuilder().setMountpoint(l.mountpoint()))
                        .setUsedBytes(u64(l.usedBytes()))
                        .setInodesUsed(u64(l.inodesUsed()))));
        return out.build();
    }

    static PodSandboxStats pod(PodStats s) {
        Sandbox pod = s.sandbox();
        SandboxMetadata m = pod.metadata();
        LinuxPodSandboxStats.Builder linux = LinuxPodSandboxStats.newBuilder();
        cpu(s.usage()).ifPresent(linux::setCpu);
        memory(s.usage()).ifPresent(linux::setMemory);
        io(s.usage()).ifPresent(linux::setIo);
        s.usage()
                .pids()
                .ifPresent(n -> linux.setProcess(ProcessUsage.newBuilder()
                        .setTimestamp(s.usage().timestampNanos())
                        .setProcessCount(u64(n))));
        s.network().ifPresent(n -> linux.setNetwork(network(n)));
        s.containers().forEach(c -> linux.addContainers(container(c)));
        return PodSandboxStats.newBuilder()
                .setAttributes(PodSandboxAttributes.newBuilder()
                        .setId(pod.id())
                        .setMetadata(PodSandboxMetadata.newBuilder()
                                .setName(m.name())
                                .setUid(m.uid())
                                .setNamespace(m.namespace())
                                .setAttempt(m.attempt()))
                        .putAllLabels(pod.config().labels())
                        .putAllAnnotations(pod.config().annotations()))
                .setLinux(linux)
                .build();
    }

    private static Optional<CpuUsage> cpu(UsageStats u) {
        return u.cpu().map(cpu -> {
            CpuUsage.Builder out = CpuUsage.newBuilder()
                    .setTimestamp(u.timestampNanos())
                    .setUsageCoreNanoSeconds(u64(cpu.usageCoreNanos()));
            cpu.usageNanoCores().ifPresent(n -> out.setUsageNanoCores(u64(n)));
            u.cpuPressure().ifPresent(p -> out.setPsi(psi(p)));
            return out.build();
        });
    }

    private static Optional<MemoryUsage> memory(UsageStats u) {
        return u.memory().map(mem -> {
            MemoryUsage.Builder out = MemoryUsage.newBuilder()
                    .setTimestamp(u.timestampNanos())
                    .setWorkingSetBytes(u64(mem.workingSet()))
                    .setUsageBytes(u64(mem.usage()))
                    .setRssBytes(u64(mem.rss()))
                    .setPageFaults(u64(mem.pageFaults()))
                    .setMajorPageFaults(u64(mem.majorPageFaults()));
            mem.available().ifPresent(a -> out.setAvailableBytes(u64(a)));
            u.memoryPressure().ifPresent(p -> out.setPsi(psi(p)));
            return out.build();
        });
    }

    /** As containerd: swap only where the kernel accounts it ({@code memory.swap.current} exists). */
    private static Optional<SwapUsage> swap(UsageStats u) {
        return u.swap().map(swap -> {
            SwapUsage.Builder out =
                    SwapUsage.newBuilder().setTimestamp(u.timestampNanos()).setSwapUsageBytes(u64(swap.usage()));
            swap.available().ifPresent(a -> out.setSwapAvailableBytes(u64(a)));
            return out.build();
        });
    }

    /** CRI's IoUsage holds PSI only: set when {@code io.pressure} exists. */
    private static Optional<IoUsage> io(UsageStats u) {
        return u.ioPressure()
                .map(p -> IoUsage.newBuilder()
                        .setTimestamp(u.timestampNanos())
                        .setPsi(psi(p))
                        .build());
    }

    /**
     * A kernel without a "full" line (cpu before Linux 5.13) leaves Full unset. Total is in
     * nanoseconds, the unit kubelet's stats API (PSIData) documents; the kernel counts microseconds.
     */
    static PsiStats psi(Psi p) {
        PsiStats.Builder out = PsiStats.newBuilder().setSome(psi(p.some()));
        if (p.full() != null) {
            out.setFull(psi(p.full()));
        }
        return out.build();
    }

    private static PsiData psi(Psi.PsiData d) {
        return PsiData.newBuilder()
                .setTotal(d.total() * 1000)
                .setAvg10(d.avg10())
                .setAvg60(d.avg60())
                .setAvg300(d.avg300())
                .build();
    }

    private static NetworkUsage network(NetworkStats n) {
        NetworkUsage.Builder out = NetworkUsage.newBuilder().setTimestamp(n.timestampNanos());
        n.defaultInterface().ifPresent(i -> out.setDefaultInterface(iface(i)));
        n.interfaces().forEach(i -> out.addInterfaces(iface(i)));
        return out.build();
    }

    private static NetworkInterfaceUsage iface(NetworkStats.Interface i) {
        return NetworkInterfaceUsage.newBuilder()
                .setName(i.name())
                .setRxBytes(u64(i.rxBytes()))
                .setRxErrors(u64(i.rxErrors()))
                .setTxBytes(u64(i.txBytes()))
                .setTxErrors(u64(i.txErrors()))
                .build();
    }

    private static UInt64Value u64(long v) {
        return UInt64Value.newBuilder().setValue(v).build();
    }
}
