package dev.cortado.integration.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.CgroupDriver;
import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ContainerMetrics;
import dev.cortado.api.cri.v1.ContainerStats;
import dev.cortado.api.cri.v1.ContainerStatsFilter;
import dev.cortado.api.cri.v1.LinuxContainerResources;
import dev.cortado.api.cri.v1.ListContainerStatsRequest;
import dev.cortado.api.cri.v1.ListMetricDescriptorsRequest;
import dev.cortado.api.cri.v1.ListPodSandboxMetricsRequest;
import dev.cortado.api.cri.v1.Metric;
import dev.cortado.api.cri.v1.MetricDescriptor;
import dev.cortado.api.cri.v1.PodSandboxMetrics;
import dev.cortado.api.cri.v1.PodSandboxStats;
import dev.cortado.api.cri.v1.PodSandboxStatsRequest;
import dev.cortado.api.cri.v1.RuntimeConfigRequest;
import dev.cortado.api.cri.v1.StreamPodSandboxMetricsRequest;
import dev.cortado.api.cri.v1.UpdateContainerResourcesRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cortado only (issue 15): stats read from the containers' cgroup v2 files and resource updates
 * through the CRI socket, for each handler. A container burning CPU shows its usage growing and
 * usage_nano_cores above zero across two ListContainerStats a second apart; its pod reports it
 * with the pod's network; UpdateContainerResources changes the cpu quota ContainerStatus reports,
 * and a daemon killed with -9 and started again still reports it.
 */
interface StatsContract {
    CortadoRuntime cortado();

    Kubelet kubelet();

    TestImages images();

    @Test
    default void cpuBurner_usageGrows_nanoCoresAboveZero_andItsPodReportsIt() throws Exception {
        Kubelet.Pod pod = kubelet().runPod("ctr-it-stats");
        String id = kubelet()
                .run(
                        pod,
                        kubelet()
                                .container(pod, "burner", images().busybox(), "sh", "-c", "while :; do :; done")
                                .build());
        ListContainerStatsRequest byId = ListContainerStatsRequest.newBuilder()
                .setFilter(ContainerStatsFilter.newBuilder().setId(id))
                .build();

        ContainerStats first =
                single(kubelet().cri().runtime().listContainerStats(byId).getStatsList());
        Thread.sleep(1000);
        ContainerStats second =
                single(kubelet().cri().runtime().listContainerStats(byId).getStatsList());

        assertThat(second.getAttributes().getId()).isEqualTo(id);
        assertThat(second.getAttributes().getMetadata().getName()).isEqualTo("burner");
        assertThat(second.getCpu().getUsageCoreNanoSeconds().getValue())
                .isGreaterThan(first.getCpu().getUsageCoreNanoSeconds().getValue());
        assertThat(second.getCpu().getUsageNanoCores().getValue())
                .as("cores used over the second")
                .isPositive();
        assertThat(second.getCpu().getTimestamp()).isGreaterThan(first.getCpu().getTimestamp());
        assertThat(second.getWritableLayer().getFsId().getMountpoint()).endsWith(id + "/upper");
        if (RuntimeUnderTest.cgroup2Has("memory")) {
            assertThat(second.getMemory().getWorkingSetBytes().getValue()).isPositive();
        } else { // this hybrid host's cgroup2 has no memory controller: nothing invented
            assertThat(second.hasMemory()).isFalse();
        }

        PodSandboxStats podStats = kubelet()
                .cri()
                .runtime()
                .podSandboxStats(PodSandboxStatsRequest.newBuilder()
                        .setPodSandboxId(pod.id())
                        .build())
                .getStats();
        assertThat(podStats.getAttributes().getId()).isEqualTo(pod.id());
        assertThat(podStats.getLinux().getContainersList())
                .extracting(c -> c.getAttributes().getId())
                .containsExactly(id);
        assertThat(podStats.getLinux().getCpu().getUsageCoreNanoSeconds().getValue())
                .as("the pod cgroup holds its container")
                .isGreaterThanOrEqualTo(
                        second.getCpu().getUsageCoreNanoSeconds().getValue());
        assertThat(podStats.getLinux().getNetwork().getDefaultInterface().getName())
                .isEqualTo("eth0");
        assertThat(podStats.getLinux().getNetwork().getDefaultInterface().hasRxBytes())
                .isTrue();
        assertThat(kubelet()
                        .cri()
                        .runtime()
                        .runtimeConfig(RuntimeConfigRequest.getDefaultInstance())
                        .getLinux()
                        .getCgroupDriver())
                .as("[runtime] cgroup_driver's default")
                .isEqualTo(CgroupDriver.CGROUPFS);

        if (cgroup2File("cpu.pressure")) {
            assertThat(second.getCpu().getPsi().hasSome())
                    .as("cpu.pressure of the container's cgroup")
                    .isTrue();
        }
        assertThat(second.hasIo()).isEqualTo(cgroup2File("io.pressure"));
        cadvisorMetrics_ofTheBurnerAndItsPod(pod, id, second);
    }

    private void cadvisorMetrics_ofTheBurnerAndItsPod(Kubelet.Pod pod, String id, ContainerStats stats) {
        Map<String, MetricDescriptor> descriptors = new HashMap<>();
        kubelet()
                .cri()
                .runtime()
                .listMetricDescriptors(ListMetricDescriptorsRequest.getDefaultInstance())
                .getDescriptorsList()
                .forEach(d -> descriptors.put(d.getName(), d));
        PodSandboxMetrics podMetrics = kubelet()
                .cri()
                .runtime()
                .listPodSandboxMetrics(ListPodSandboxMetricsRequest.getDefaultInstance())
                .getPodMetricsList()
                .stream()
                .filter(p -> p.getPodSandboxId().equals(pod.id()))
                .findFirst()
                .orElseThrow();
        ContainerMetrics burner = podMetrics.getContainerMetricsList().stream()
                .filter(c -> c.getContainerId().equals(id))
                .findFirst()
                .orElseThrow();

        Metric cpu = metric(burner.getMetricsList(), "container_cpu_usage_seconds_total");
        assertThat(cpu.getValue().getValue())
                .as("whole seconds, read after the stats")
                .isGreaterThanOrEqualTo(stats.getCpu().getUsageCoreNanoSeconds().getValue() / 1_000_000_000L);
        Map<String, String> labels = labels(descriptors.get(cpu.getName()), cpu);
        assertThat(labels)
                .containsEntry("container", "burner")
                .containsEntry("name", id)
                .containsEntry("cpu", "total");
        assertThat(labels.get("pod")).isNotEmpty();
        assertThat(labels.get("namespace")).isNotEmpty();
        assertThat(labels.get("id")).as("its cgroup").endsWith(id);
        assertThat(labels(
                        descriptors.get("container_network_receive_bytes_total"),
                        metric(podMetrics.getMetricsList(), "container_network_receive_bytes_total")))
                .containsEntry("interface", "eth0")
                .containsEntry("container", "");
        if (cgroup2File("cpu.pressure")) {
            assertThat(burner.getMetricsList())
                    .extracting(Metric::getName)
                    .contains("container_pressure_cpu_waiting_seconds_total");
        }
        List<Metric> all = new ArrayList<>(podMetrics.getMetricsList());
        podMetrics.getContainerMetricsList().forEach(c -> all.addAll(c.getMetricsList()));
        all.forEach(m -> assertThat(m.getLabelValuesCount())
                .as(m.getName() + " has a descriptor and its labels")
                .isEqualTo(descriptors.get(m.getName()).getLabelKeysCount()));
        List<String> streamed = new ArrayList<>();
        kubelet()
                .cri()
                .runtime()
                .streamPodSandboxMetrics(StreamPodSandboxMetricsRequest.getDefaultInstance())
                .forEachRemaining(r -> r.getPodSandboxMetricsList().forEach(p -> streamed.add(p.getPodSandboxId())));
        assertThat(streamed).contains(pod.id());
    }

    private static Metric metric(List<Metric> metrics, String name) {
        List<Metric> found =
                metrics.stream().filter(m -> m.getName().equals(name)).toList();
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    private static Map<String, String> labels(MetricDescriptor d, Metric m) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < d.getLabelKeysCount(); i++) {
            out.put(d.getLabelKeys(i), m.getLabelValues(i));
        }
        return out;
    }

    /** Whether the host's cgroup2 root (pure or the hybrid host's unified mount) has this file. */
    private static boolean cgroup2File(String name) {
        return Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))
                ? Files.exists(Path.of("/sys/fs/cgroup", name))
                : Files.exists(Path.of("/sys/fs/cgroup/unified", name));
    }

    @Test
    default void updateContainerResources_cpuQuotaShownInStatus_andKeptAcrossADaemonRestart() throws Exception {
        Kubelet.Pod pod = kubelet().runPod("ctr-it-resize");
        ContainerConfig config = kubelet()
                .container(pod, "resized", images().busybox(), "sleep", "3600")
                .build();
        String id = kubelet().run(pod, config);

        kubelet()
                .cri()
                .runtime()
                .updateContainerResources(UpdateContainerResourcesRequest.newBuilder()
                        .setContainerId(id)
                        .setLinux(LinuxContainerResources.newBuilder()
                                .setCpuPeriod(100_000)
                                .setCpuQuota(150_000)
                                .setCpuShares(1536))
                        .build());
        LinuxContainerResources shown =
                kubelet().cri().containerStatus(id).getResources().getLinux();
        assertThat(shown.getCpuQuota()).isEqualTo(150_000);
        assertThat(shown.getCpuPeriod()).isEqualTo(100_000);
        assertThat(shown.getCpuShares()).isEqualTo(1536);
        String spec = Files.readString(cortado().bundle(id).resolve("config.json"));
        assertThat(spec.replaceAll("\\s", ""))
                .as("the bundle's config.json rewritten for ctr and recovery")
                .contains("\"quota\":150000", "\"period\":100000", "\"shares\":1536");

        cortado().kill();
        cortado().startDaemon();
        assertThat(kubelet().cri().containerStatus(id).getResources().getLinux().getCpuQuota())
                .as("kept in the container's record")
                .isEqualTo(150_000);
    }

    private static ContainerStats single(List<ContainerStats> stats) {
        assertThat(stats).hasSize(1);
        return stats.get(0);
    }
}
