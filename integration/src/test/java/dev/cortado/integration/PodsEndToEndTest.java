package dev.cortado.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.api.cri.v1.DNSConfig;
import dev.cortado.api.cri.v1.LinuxContainerResources;
import dev.cortado.api.cri.v1.LinuxPodSandboxConfig;
import dev.cortado.api.cri.v1.LinuxSandboxSecurityContext;
import dev.cortado.api.cri.v1.NamespaceMode;
import dev.cortado.api.cri.v1.NamespaceOption;
import dev.cortado.api.cri.v1.NetworkConfig;
import dev.cortado.api.cri.v1.PodSandbox;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import dev.cortado.api.cri.v1.PodSandboxFilter;
import dev.cortado.api.cri.v1.PodSandboxMetadata;
import dev.cortado.api.cri.v1.PodSandboxState;
import dev.cortado.api.cri.v1.PodSandboxStateValue;
import dev.cortado.api.cri.v1.PodSandboxStatus;
import dev.cortado.api.cri.v1.RuntimeConfig;
import dev.cortado.api.cri.v1.RuntimeServiceGrpc;
import dev.cortado.api.cri.v1.StreamPodSandboxesRequest;
import dev.cortado.api.cri.v1.UpdatePodSandboxResourcesRequest;
import dev.cortado.api.cri.v1.UpdateRuntimeConfigRequest;
import dev.cortado.transport.UnixGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pod's life through the daemon's CRI socket, as crictl drives it: runp, pods, inspectp, stopp
 * (twice), a daemon restart, rmp (twice); the same pod twice; a failing run that leaves nothing.
 * Everything lives in a temp dir and a cgroup parent of its own.
 */
class PodsEndToEndTest {
    @TempDir
    Path dir;

    Path cgroupRoot;
    String parent;

    @BeforeEach
    void requireRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "pods need root: unshare, mount, cgroups");
        cgroupRoot = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))
                ? Path.of("/sys/fs/cgroup")
                : Path.of("/sys/fs/cgroup/unified");
        assumeTrue(Files.exists(cgroupRoot.resolve("cgroup.controllers")), "no cgroup2 hierarchy mounted");
        parent = "pods-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** After a failed test: what its pods left (mounts under our dir, inits in our cgroups), then the parent. */
    @AfterEach
    void cleanUp() throws Exception {
        if (parent == null) {
            return;
        }
        PodLeftovers.clean(dir, cgroupRoot, parent);
    }

    private String cniConfig() throws IOException {
        Path netd = Files.createDirectories(dir.resolve("net.d"));
        return "[cni]\nconf_dir = \"%s\"\n".formatted(netd);
    }

    private PodSandboxConfig pod(String name, NamespaceMode network) {
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName(name)
                        .setUid("uid-" + name)
                        .setNamespace("e2e")
                        .setAttempt(1))
                .setHostname("ignored-on-host-network")
                .setDnsConfig(DNSConfig.newBuilder()
                        .addServers("10.10.10.10")
                        .addSearches("google.com")
                        .addOptions("ndots:8"))
                .putLabels("app", name)
                .putLabels("suite", "pods-e2e")
                .setLinux(LinuxPodSandboxConfig.newBuilder()
                        .setCgroupParent("/" + parent)
                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                                .setNamespaceOptions(
                                        NamespaceOption.newBuilder().setNetwork(network))))
                .build();
    }

    @Test
    void hostNetworkPod_runInspectListStopTwiceRestartRemoveTwice() throws Exception {
        String id;
        String other;
        try (DaemonProcess daemon = DaemonProcess.start(dir, cniConfig(), Map.of());
                UnixGrpc.Channel channel = daemon.connect()) {
            Crictl crictl = new Crictl(channel);
            id = crictl.runp(pod("web", NamespaceMode.NODE));
            other = crictl.runp(pod("db", NamespaceMode.NODE));

            // inspectp: READY, with what was asked for
            PodSandboxStatus status = crictl.inspectp(id).getStatus();
            assertThat(status.getState()).isEqualTo(PodSandboxState.SANDBOX_READY);
            assertThat(status.getMetadata().getName()).isEqualTo("web");
            assertThat(status.getCreatedAt()).isPositive();
            assertThat(status.getLinux().getNamespaces().getOptions().getNetwork())
                    .isEqualTo(NamespaceMode.NODE);
            assertThat(status.getLinux().getNamespaces().getOptions().getPid()).isEqualTo(NamespaceMode.POD);
            assertThat(status.getRuntimeHandler()).isEqualTo("cortado");
            assertThat(crictl.inspectp(id).getTimestamp()).isPositive();
            assertThat(crictl.inspectp(id).getInfoMap().get("info"))
                    .contains(id)
                    .contains("\"cgroupPath\"");

            // the pod's files, its shm, its ipc pin, its pid namespace init inside its cgroup
            Path files = dir.resolve("state/pods").resolve(id);
            assertThat(Files.readString(files.resolve("resolv.conf")))
                    .contains("nameserver 10.10.10.10", "search google.com", "options ndots:8");
            assertThat(Files.readString(files.resolve("hostname")).trim())
                    .isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname"))
                            .trim());
            assertThat(mountinfo())
                    .contains(
                            files.resolve("shm").toString(),
                            dir.resolve("state/ns").resolve(id).resolve("ipc").toString(),
                            dir.resolve("state/ns").resolve(id).resolve("pid").toString());
            Path cgroup = cgroupRoot.resolve(parent).resolve(id);
            List<String> procs = Files.readAllLines(cgroup.resolve("cgroup.procs"));
            assertThat(procs).hasSize(2); // the init (sleep, pid 1 of the pod) and its launcher (unshare)
            assertThat(procs.stream().map(PodsEndToEndTest::cmdline).toList())
                    .anyMatch(c -> c.startsWith("sleep"))
                    .anyMatch(c -> c.startsWith("unshare"));

            // the same pod again is refused, naming the holder
            assertThatThrownBy(() -> crictl.runp(pod("web", NamespaceMode.NODE)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
                        assertThat(e.getStatus().getDescription()).contains(id);
                    });

            // crictl pods with --id (prefix), --state, --label
            assertThat(ids(crictl.pods(PodSandboxFilter.getDefaultInstance()))).containsExactlyInAnyOrder(id, other);
            assertThat(ids(crictl.pods(PodSandboxFilter.newBuilder()
                            .setId(id.substring(0, 12))
                            .build())))
                    .containsExactly(id);
            assertThat(ids(crictl.pods(PodSandboxFilter.newBuilder()
                            .putLabelSelector("app", "db")
                            .build())))
                    .containsExactly(other);

            crictl.stopp(id);
            crictl.stopp(id);
            assertThat(crictl.inspectp(id).getStatus().getState()).isEqualTo(PodSandboxState.SANDBOX_NOTREADY);
            assertThat(mountinfo()).doesNotContain(files.resolve("shm").toString());
            assertThat(ids(crictl.pods(PodSandboxFilter.newBuilder()
                            .setState(PodSandboxStateValue.newBuilder().setState(PodSandboxState.SANDBOX_READY))
                            .build())))
                    .containsExactly(other);
            assertThat(daemon.stop()).isZero();
        }

        // a restarted daemon finds both pods as they were
        try (DaemonProcess daemon = DaemonProcess.start(dir, cniConfig(), Map.of());
                UnixGrpc.Channel channel = daemon.connect()) {
            Crictl crictl = new Crictl(channel);
            assertThat(crictl.inspectp(id).getStatus().getState()).isEqualTo(PodSandboxState.SANDBOX_NOTREADY);
            assertThat(crictl.inspectp(other).getStatus().getState()).isEqualTo(PodSandboxState.SANDBOX_READY);

            for (String pod : List.of(id, other)) {
                crictl.rmp(pod);
                crictl.rmp(pod);
            }
            assertThat(crictl.pods(PodSandboxFilter.getDefaultInstance())).isEmpty();
            assertThatThrownBy(() -> crictl.inspectp(id))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
            assertNothingLeft();
            assertThat(daemon.stop()).isZero();
            assertThat(daemon.log()).doesNotContain("ERROR");
        }
    }

    @Test
    void killedDaemon_podKeepsRunning_andTheNextDaemonFindsItReady() throws Exception {
        String id;
        long init;
        try (DaemonProcess daemon = DaemonProcess.start(dir, cniConfig(), Map.of());
                UnixGrpc.Channel channel = daemon.connect()) {
            id = new Crictl(channel).runp(pod("survivor", NamespaceMode.NODE));
            init = Files.readAllLines(cgroupRoot.resolve(parent).resolve(id).resolve("cgroup.procs")).stream()
                    .mapToLong(Long::parseLong)
                    .filter(pid -> cmdline(Long.toString(pid)).startsWith("sleep"))
                    .findFirst()
                    .orElseThrow();
            daemon.kill();
        }
        assertThat(ProcessHandle.of(init)).isPresent(); // kill -9 of cortado does not kill a pod
        try (DaemonProcess daemon = DaemonProcess.start(dir, cniConfig(), Map.of());
                UnixGrpc.Channel channel = daemon.connect()) {
            Crictl crictl = new Crictl(channel);
            assertThat(crictl.inspectp(id).getStatus().getState()).isEqualTo(PodSandboxState.SANDBOX_READY);
            crictl.stopp(id);
            crictl.rmp(id);
            assertNothingLeft();
        }
    }

    @Test
    void podNetworkWithoutCni_failsAtTheAttachStep_andLeavesNothingBehind() throws Exception {
        try (DaemonProcess daemon = DaemonProcess.start(dir, cniConfig(), Map.of());
                UnixGrpc.Channel channel = daemon.connect()) {
            Crictl crictl = new Crictl(channel);
            for (int attempt = 0; attempt < 2; attempt++) { // the name was released: the same error again
                assertThatThrownBy(() -> crictl.runp(pod("nonet", NamespaceMode.POD)))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                            assertThat(e.getStatus().getDescription()).contains("attach network");
                        });
            }
            assertThat(crictl.pods(PodSandboxFilter.getDefaultInstance())).isEmpty();
            assertNothingLeft();
        }
    }

    @Test
    void twentyConcurrentRuns_allReady_streamedOnce_resourcesAndCidrAccepted_thenRemoved() throws Exception {
        try (DaemonProcess daemon = DaemonProcess.start(dir, cniConfig(), Map.of());
                UnixGrpc.Channel channel = daemon.connect()) {
            Crictl crictl = new Crictl(channel);
            List<CompletableFuture<String>> runs = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(20);
            try {
                for (int i = 0; i < 20; i++) {
                    String name = "many-" + i;
                    runs.add(CompletableFuture.supplyAsync(() -> crictl.runp(pod(name, NamespaceMode.NODE)), pool));
                }
                List<String> ids = runs.stream().map(CompletableFuture::join).toList();
                assertThat(ids).doesNotHaveDuplicates().hasSize(20);

                List<PodSandbox> streamed = new ArrayList<>();
                RuntimeServiceGrpc.newBlockingStub(channel.managed())
                        .streamPodSandboxes(StreamPodSandboxesRequest.newBuilder()
                                .setFilter(PodSandboxFilter.newBuilder().putLabelSelector("suite", "pods-e2e"))
                                .build())
                        .forEachRemaining(batch -> streamed.addAll(batch.getPodSandboxesList()));
                assertThat(ids(streamed)).containsExactlyInAnyOrderElementsOf(ids);
                assertThat(streamed).allMatch(p -> p.getState() == PodSandboxState.SANDBOX_READY);

                RuntimeServiceGrpc.RuntimeServiceBlockingStub stub =
                        RuntimeServiceGrpc.newBlockingStub(channel.managed());
                stub.updateRuntimeConfig(UpdateRuntimeConfigRequest.newBuilder()
                        .setRuntimeConfig(RuntimeConfig.newBuilder()
                                .setNetworkConfig(NetworkConfig.newBuilder().setPodCidr("10.232.0.0/24")))
                        .build());
                stub.updatePodSandboxResources(UpdatePodSandboxResourcesRequest.newBuilder()
                        .setPodSandboxId(ids.get(0))
                        .setResources(LinuxContainerResources.newBuilder().setCpuShares(512))
                        .build());
                assertThat(crictl.inspectp(ids.get(0)).getInfoMap().get("info")).contains("\"cpuShares\":512");

                List<CompletableFuture<Void>> removals = ids.stream()
                        .map(id -> CompletableFuture.runAsync(
                                () -> {
                                    crictl.stopp(id);
                                    crictl.rmp(id);
                                },
                                pool))
                        .toList();
                removals.forEach(CompletableFuture::join);
            } finally {
                pool.shutdownNow();
            }
            assertThat(crictl.pods(PodSandboxFilter.getDefaultInstance())).isEmpty();
            assertNothingLeft();
        }
    }

    private void assertNothingLeft() throws IOException {
        assertThat(mountinfo()).doesNotContain(dir.toString());
        assertThat(PodLeftovers.listOrEmpty(dir.resolve("state/ns"))).isEmpty();
        assertThat(PodLeftovers.listOrEmpty(dir.resolve("state/pods"))).isEmpty();
        assertThat(PodLeftovers.listOrEmpty(cgroupRoot.resolve(parent))).noneMatch(Files::isDirectory);
    }

    private static List<String> ids(List<PodSandbox> pods) {
        return pods.stream().map(PodSandbox::getId).toList();
    }

    private static String cmdline(String pid) {
        try {
            return Files.readString(Path.of("/proc", pid, "cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static String mountinfo() throws IOException {
        return Files.readString(Path.of("/proc/self/mountinfo"));
    }
}
