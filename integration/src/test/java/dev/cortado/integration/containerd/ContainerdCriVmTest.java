package dev.cortado.integration.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ContainerState;
import dev.cortado.api.cri.v1.ContainerStatus;
import dev.cortado.api.cri.v1.LinuxContainerResources;
import dev.cortado.api.cri.v1.NamespaceMode;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import dev.cortado.api.cri.v1.PodSandboxState;
import dev.cortado.integration.cri.CriClient;
import dev.cortado.integration.cri.CriLog;
import dev.cortado.integration.cri.KubeletConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * VM only (tag "vm"; integration's VM suite runs it in cgroup2-vm.sh, a pure cgroup v2 with every
 * controller): containerd's CRI plugin runs a pod on our shim in the shim's default
 * {@code refuse} mode, so a limit that could not be enforced would fail the pod instead of being
 * dropped; the container's 32 MiB memory limit holds, and its allocation beyond it ends in an
 * OOM kill that CRI reports. The VM has no network, so the pod uses the node's: containerd 1.6
 * calls no CNI plugin for such a pod. Its root is the VM's /run, a tmpfs, because containerd's
 * overlayfs snapshotter cannot use the VM's overlay root as an upper layer. The node's shim
 * server is started before the first pod, as on a warm node: under emulation its JVM needs
 * longer than the 15 s a shim {@code start} waits for it.
 */
@Tag("vm")
class ContainerdCriVmTest {
    private static final long LIMIT = 32L << 20;
    // the VM emulates the CPU (15-30x slower); a loaded host made a RunPodSandbox take over 2 min
    private static final Duration SLOW = Duration.ofMinutes(5);

    @Test
    void refuseMode_memoryLimitIsEnforced_allocationBeyondItIsOomKilled() throws Exception {
        assumeTrue(Boolean.getBoolean("cortado.cgroups.vm"), "runs in the cgroup v2 VM suite only");
        Path shim = ContainerdShimTest.shimScript();
        Optional<String> missing = ContainerdCri.unavailable(shim);
        assumeTrue(missing.isEmpty(), missing.orElse(""));
        run(
                "ip", "link", "set", "lo",
                "up"); // the VM's lo is down; containerd's CRI stream server listens on 127.0.0.1
        Path dir = Files.createTempDirectory(Path.of("/run"), "ctrdcri-vm");
        try (ContainerdCri containerd =
                        ContainerdCri.start(dir, shim, new CriNetwork("ctrdcrivm0", "10.204.0.0/24"), false);
                CriClient cri = CriClient.connect(containerd.socket(), SLOW)) {
            containerd.startShimServer(SLOW);
            PodSandboxConfig pod =
                    hostNetwork(KubeletConfigs.pod("default", "oom", containerd.logRoot(), containerd.cgroupRoot(), 0)
                            .build());
            Files.createDirectories(Path.of(pod.getLogDirectory()));
            String podId = cri.runPodSandbox(pod, ContainerdCri.CORTADO);
            assertThat(cri.podSandboxStatus(podId, false).getStatus().getState())
                    .isEqualTo(PodSandboxState.SANDBOX_READY);

            // prints its own memory.max (through its cgroup view), then reads /dev/zero into memory without end
            ContainerConfig.Builder hog = KubeletConfigs.container(
                    pod,
                    "hog",
                    ContainerdCri.IMAGE,
                    "sh",
                    "-c",
                    "cat /sys/fs/cgroup$(cut -d: -f3 /proc/self/cgroup)/memory.max; exec tail /dev/zero");
            LinuxContainerResources limited = hog.getLinux().getResources().toBuilder()
                    .setMemoryLimitInBytes(LIMIT)
                    .build();
            ContainerConfig config =
                    hostNetwork(hog.setLinux(hog.getLinux().toBuilder().setResources(limited))
                            .build());
            Path log = KubeletConfigs.createLogDir(pod, config);
            String id = cri.createContainer(podId, config, pod);
            cri.startContainer(id);

            ContainerStatus exited = cri.awaitState(id, ContainerState.CONTAINER_EXITED, SLOW);
            assertThat(exited.getExitCode()).as(exited.toString()).isEqualTo(137);
            // containerd records the shim's TaskOOM event; it may arrive just after the exit
            ContainerStatus oom = Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> cri.containerStatus(id), s -> s.getReason().equals("OOMKilled"));
            assertThat(oom.getExitCode()).isEqualTo(137);
            assertThat(CriLog.messages(CriLog.read(log), CriLog.Stream.STDOUT)).containsExactly(Long.toString(LIMIT));
            assertThat(containerd.shimLog()).doesNotContain("UnenforceableLimits");

            cri.removeContainer(id);
            cri.stopPodSandbox(podId);
            cri.removePodSandbox(podId);
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }

    /** As kubelet sends a hostNetwork pod: the node's network, and no hostname (it keeps the node's UTS namespace). */
    private static PodSandboxConfig hostNetwork(PodSandboxConfig pod) {
        var security = pod.getLinux().getSecurityContext();
        return pod.toBuilder()
                .clearHostname()
                .setLinux(pod.getLinux().toBuilder()
                        .setSecurityContext(security.toBuilder()
                                .setNamespaceOptions(security.getNamespaceOptions().toBuilder()
                                        .setNetwork(NamespaceMode.NODE))))
                .build();
    }

    private static ContainerConfig hostNetwork(ContainerConfig container) {
        var security = container.getLinux().getSecurityContext();
        return container.toBuilder()
                .setLinux(container.getLinux().toBuilder()
                        .setSecurityContext(security.toBuilder()
                                .setNamespaceOptions(security.getNamespaceOptions().toBuilder()
                                        .setNetwork(NamespaceMode.NODE))))
                .build();
    }
}
