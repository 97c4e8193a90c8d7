package dev.cortado.integration.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ContainerStats;
import dev.cortado.api.cri.v1.ContainerStatsFilter;
import dev.cortado.api.cri.v1.LinuxContainerResources;
import dev.cortado.api.cri.v1.ListContainerStatsRequest;
import dev.cortado.api.cri.v1.PodSandboxStats;
import dev.cortado.api.cri.v1.PodSandboxStatsRequest;
import dev.cortado.api.cri.v1.RuntimeConfigRequest;
import dev.cortado.api.cri.v1.CgroupDriver;
import dev.cortado.api.cri.v1.UpdateContainerResourcesRequest;
import java.util.List;
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
        String id = kubelet().run(pod, kubelet().container(pod, "burner", images().busybox(), "sh", "-c",
                "while :; do :; done").build());
        ListContainerStatsRequest byId = ListContainerStatsRequest.newBuilder()
                .setFilter(ContainerStatsFilter.newBuilder().setId(id)).build();

        ContainerStats first = single(kubelet().cri().runtime().listContainerStats(byId).getStatsList());
        Thread.sleep(1000);
        ContainerStats second = single(kubelet().cri().runtime().listContainerStats(byId).getStatsList());

        assertThat(second.getAttributes().getId()).isEqualTo(id);
        assertThat(second.getAttributes().getMetadata().getName()).isEqualTo("burner");
        assertThat(second.getCpu().getUsageCoreNanoSeconds().getValue())
                .isGreaterThan(first.getCpu().getUsageCoreNanoSeconds().getValue());
        assertThat(second.getCpu().getUsageNanoCores().getValue()).as("cores used over the second").isPositive();
        assertThat(second.getCpu().getTimestamp()).isGreaterThan(first.getCpu().getTimestamp());
        assertThat(second.getWritableLayer().getFsId().getMountpoint()).endsWith(id + "/upper");
        if (RuntimeUnderTest.cgroup2Has("memory")) {
            assertThat(second.getMemory().getWorkingSetBytes().getValue()).isPositive();
        } else { // this hybrid host's cgroup2 has no memory controller: nothing invented
            assertThat(second.hasMemory()).isFalse();
        }

        PodSandboxStats podStats = kubelet().cri().runtime().podSandboxStats(PodSandboxStatsRequest.newBuilder()
                .setPodSandboxId(pod.id()).build()).getStats();
        assertThat(podStats.getAttributes().getId()).isEqualTo(pod.id());
        assertThat(podStats.getLinux().getContainersList()).extracting(c -> c.getAttributes().getId())
                .containsExactly(id);
        assertThat(podStats.getLinux().getCpu().getUsageCoreNanoSeconds().getValue())
                .as("the pod cgroup holds its container").isGreaterThanOrEqualTo(
                        second.getCpu().getUsageCoreNanoSeconds().getValue());
        assertThat(podStats.getLinux().getNetwork().getDefaultInterface().getName()).isEqualTo("eth0");
        assertThat(podStats.getLinux().getNetwork().getDefaultInterface().hasRxBytes()).isTrue();
        assertThat(kubelet().cri().runtime().runtimeConfig(RuntimeConfigRequest.getDefaultInstance()).getLinux()
                .getCgroupDriver()).as("[runtime] cgroup_driver's default").isEqualTo(CgroupDriver.CGROUPFS);
    }

    @Test
    default void updateContainerResources_cpuQuotaShownInStatus_andKeptAcrossADaemonRestart() throws Exception {
        Kubelet.Pod pod = kubelet().runPod("ctr-it-resize");
        ContainerConfig config = kubelet().container(pod, "resized", images().busybox(), "sleep", "3600").build();
        String id = kubelet().run(pod, config);

        kubelet().cri().runtime().updateContainerResources(UpdateContainerResourcesRequest.newBuilder()
                .setContainerId(id).setLinux(LinuxContainerResources.newBuilder().setCpuPeriod(100_000)
                        .setCpuQuota(150_000).setCpuShares(1536)).build());
        LinuxContainerResources shown = kubelet().cri().containerStatus(id).getResources().getLinux();
        assertThat(shown.getCpuQuota()).isEqualTo(150_000);
        assertThat(shown.getCpuPeriod()).isEqualTo(100_000);
        assertThat(shown.getCpuShares()).isEqualTo(1536);

        cortado().kill();
        cortado().startDaemon();
        assertThat(kubelet().cri().containerStatus(id).getResources().getLinux().getCpuQuota())
                .as("kept in the container's record").isEqualTo(150_000);
    }

    private static ContainerStats single(List<ContainerStats> stats) {
        assertThat(stats).hasSize(1);
        return stats.get(0);
    }
}
