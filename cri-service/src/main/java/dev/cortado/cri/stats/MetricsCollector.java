package dev.cortado.cri.stats;

import dev.cortado.api.cri.v1.LinuxContainerResources;
import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupPath;
import dev.cortado.cgroups.control.CgroupManager;
import dev.cortado.cri.container.Container;
import dev.cortado.cri.sandbox.Sandbox;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns pod statistics into the cAdvisor metrics of ListPodSandboxMetrics, labelled as kubelet's
 * cAdvisor labels them: a container's samples carry its name, its cgroup as {@code id}, its image,
 * its id as {@code name} (cAdvisor's first alias for a containerd container) and its pod's name and
 * namespace; the pod's own samples (its cgroup, its network) carry an empty container, image and
 * name, like cAdvisor's pod-cgroup series that {@code sum by (pod)} queries rely on.
 */
final class MetricsCollector {
    private final CgroupMetrics cgroupMetrics;
    private final CgroupManager cgroups;
    private final Clock clock;

    MetricsCollector(BlockDevices devices, CgroupManager cgroups, Clock clock) {
        this.cgroupMetrics = new CgroupMetrics(devices);
        this.cgroups = cgroups;
        this.clock = clock;
    }

    PodMetrics collect(PodStats pod) {
        Sandbox sandbox = pod.sandbox();
        MetricSink own = new MetricSink(List.of(
                "",
                pod.usage().path().orElse(""),
                "",
                "",
                sandbox.metadata().namespace(),
                sandbox.metadata().name()));
        pod.usage().cgroup().ifPresent(s -> cgroupMetrics.add(s, own));
        pod.network().ifPresent(n -> n.interfaces().forEach(i -> network(i, own)));
        own.add("container_last_seen", clock.instant().getEpochSecond());
        List<PodMetrics.Container> containers = new ArrayList<>();
        for (ContainerStats c : pod.containers()) {
            containers.add(new PodMetrics.Container(c.container().id(), container(sandbox, c)));
        }
        return new PodMetrics(sandbox.id(), own.samples(), containers);
    }

    private List<MetricSample> container(Sandbox pod, ContainerStats stats) {
        Container c = stats.container();
        MetricSink sink = new MetricSink(List.of(
                c.config().getMetadata().getName(),
                stats.usage().path().orElse(""),
                c.imageName(),
                c.id(),
                pod.metadata().namespace(),
                pod.metadata().name()));
        LinuxContainerResources spec = c.config().getLinux().getResources();
        stats.usage().cgroup().ifPresent(s -> cgroupMetrics.add(s, sink));
        stats.usage().path().flatMap(this::processCount).ifPresent(n -> sink.add("container_processes", n));
        spec(spec, sink);
        stats.writableLayer()
                .ifPresent(
                        l -> sink.addAt(l.timestampNanos(), "container_fs_usage_bytes", l.usedBytes(), l.mountpoint()));
        if (c.status().startedAtNanos() > 0) {
            sink.add("container_start_time_seconds", c.status().startedAtNanos() / 1_000_000_000L);
        }
        sink.add("container_last_seen", clock.instant().getEpochSecond());
        return sink.samples();
    }

    /** The resources the container was created or last updated with; a field never set is not reported. */
    private static void spec(LinuxContainerResources r, MetricSink sink) {
        if (r.getCpuPeriod() > 0) {
            sink.add("container_spec_cpu_period", r.getCpuPeriod());
        }
        if (r.getCpuQuota() > 0) {
            sink.add("container_spec_cpu_quota", r.getCpuQuota());
        }
        if (r.getCpuShares() > 0) {
            sink.add("container_spec_cpu_shares", r.getCpuShares());
        }
        if (r.getMemoryLimitInBytes() > 0) {
            sink.add("container_spec_memory_limit_bytes", r.getMemoryLimitInBytes());
        }
        if (r.getMemorySwapLimitInBytes() > 0) {
            sink.add("container_spec_memory_swap_limit_bytes", r.getMemorySwapLimitInBytes());
        }
    }

    private static void network(NetworkStats.Interface i, MetricSink sink) {
        sink.add("container_network_receive_bytes_total", i.rxBytes(), i.name());
        sink.add("container_network_receive_packets_total", i.rxPackets(), i.name());
        sink.add("container_network_receive_errors_total", i.rxErrors(), i.name());
        sink.add("container_network_receive_packets_dropped_total", i.rxDropped(), i.name());
        sink.add("container_network_transmit_bytes_total", i.txBytes(), i.name());
        sink.add("container_network_transmit_packets_total", i.txPackets(), i.name());
        sink.add("container_network_transmit_errors_total", i.txErrors(), i.name());
        sink.add("container_network_transmit_packets_dropped_total", i.txDropped(), i.name());
    }

    /** cAdvisor's process count: the pids in the container's cgroup ({@code cgroup.procs}). */
    private Optional<Long> processCount(String path) {
        try {
            return Optional.of(
                    (long) cgroups.open(CgroupPath.parse(path)).processes().size());
        } catch (CgroupException e) {
            return Optional.empty(); // gone meanwhile: best effort, as every stat
        }
    }
}
