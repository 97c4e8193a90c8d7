package dev.cortado.integration.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ContainerState;
import dev.cortado.api.cri.v1.ContainerStatus;
import dev.cortado.api.cri.v1.ExecSyncResponse;
import dev.cortado.api.cri.v1.LinuxContainerSecurityContext;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import dev.cortado.api.cri.v1.PodSandboxState;
import dev.cortado.api.cri.v1.PodSandboxStatus;
import dev.cortado.integration.cri.CriClient;
import dev.cortado.integration.cri.CriLog;
import dev.cortado.integration.cri.KubeletConfigs;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The story of pods under Debian's containerd 1.6 CRI plugin, told through its CRI socket by our
 * own client playing kubelet, once on runc and once on our shim (handler {@code cortado}, with
 * limits this host cannot enforce dropped with a warning): a pod with a container, exec, logs,
 * exit codes, stop and remove; two pods at once on one bridge; and a Bidirectional mount.
 * Needs root, containerd, runc, busybox-static, the CNI plugins and the shim built by
 * {@code mvn package}.
 */
class ContainerdCriTest {
    private static final Duration EXIT = Duration.ofSeconds(20);
    private static ContainerdCri containerd;
    private static CriClient cri;

    @BeforeAll
    static void startContainerd() throws Exception {
        Path shim = ContainerdShimTest.shimScript();
        Optional<String> missing = ContainerdCri.unavailable(shim);
        assumeTrue(missing.isEmpty(), missing.orElse(""));
        containerd = ContainerdCri.start(Files.createTempDirectory(Path.of("/tmp"), "containerd-cri"), shim);
        cri = containerd.client();
    }

    @AfterAll
    static void stopContainerd() throws Exception {
        if (cri != null) {
            cri.close();
        }
        if (containerd != null) {
            containerd.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ContainerdCri.RUNC, ContainerdCri.CORTADO})
    void pod_runsContainers_execs_logs_exitCodes_stopAndRemove(String handler) throws Exception {
        PodSandboxConfig pod = pod("story-" + handler, freePort()); // with a port mapping, as for a hostPort
        String podId = cri.runPodSandbox(pod, handler);
        PodSandboxStatus status = cri.podSandboxStatus(podId, false).getStatus();
        assertThat(status.getState()).isEqualTo(PodSandboxState.SANDBOX_READY);
        assertThat(status.getRuntimeHandler()).isEqualTo(handler);
        assertThat(containerd.network().contains(status.getNetwork().getIp()))
                .as(status.toString())
                .isTrue();

        // a long-running container that writes both streams, and one line longer than the log's line limit
        ContainerConfig main = container(
                pod,
                "main",
                "sh",
                "-c",
                "echo hello from $(hostname); echo to stderr >&2; head -c 20000 /dev/zero | tr '\\0' x; echo; sleep 3600");
        Path log = KubeletConfigs.createLogDir(pod, main);
        String mainId = cri.createContainer(podId, main, pod);
        assertThat(cri.containerStatus(mainId).getState()).isEqualTo(ContainerState.CONTAINER_CREATED);
        cri.startContainer(mainId);
        assertThat(cri.containerStatus(mainId).getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        assertThat(cri.listContainers(podId)).extracting(c -> c.getId()).containsExactly(mainId);
        if (handler.equals(ContainerdCri.CORTADO) && !cgroup2Controllers().contains("cpu")) {
            // kubelet's cpu shares need the v2 cpu controller: under "warn" the shim says it ran without them
            assertThat(containerd.shimLog()).contains(mainId, "UnenforceableLimits = \"warn\"", "cpu.weight");
        }

        ExecSyncResponse exec =
                cri.execSync(mainId, Duration.ofSeconds(10), "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(exec.getStdout().toString(StandardCharsets.UTF_8)).isEqualTo("out\n");
        assertThat(exec.getStderr().toString(StandardCharsets.UTF_8)).isEqualTo("err\n");
        assertThat(exec.getExitCode()).isEqualTo(3);
        String resolv = cri.execSync(mainId, Duration.ofSeconds(10), "cat", "/etc/resolv.conf")
                .getStdout()
                .toString(StandardCharsets.UTF_8);
        assertThat(resolv).contains("nameserver 10.96.0.10", "search default.svc.cluster.local", "options ndots:5");

        if (handler.equals(ContainerdCri.CORTADO)) {
            // containerd asks for a "cgroup" mount: our shim gives the container's cgroup2 view, read-only
            String cgroupMount = cri.execSync(
                            mainId, Duration.ofSeconds(10), "grep", " /sys/fs/cgroup ", "/proc/self/mountinfo")
                    .getStdout()
                    .toStringUtf8();
            assertThat(cgroupMount).contains(" - cgroup2 ").containsPattern(" /sys/fs/cgroup ro[, ]");
        }

        List<CriLog.Line> lines = awaitLog(log, 3);
        assertThat(CriLog.messages(lines, CriLog.Stream.STDOUT))
                .startsWith("hello from story-" + handler)
                .contains("x".repeat(20000));
        assertThat(CriLog.messages(lines, CriLog.Stream.STDERR)).containsExactly("to stderr");
        assertThat(lines).anyMatch(CriLog.Line::partial); // containerd splits lines over 16 KiB

        // sh as pid 1 ignores SIGTERM: the grace period ends in SIGKILL
        cri.stopContainer(mainId, 1);
        ContainerStatus killed = cri.awaitState(mainId, ContainerState.CONTAINER_EXITED, EXIT);
        assertThat(killed.getExitCode()).isEqualTo(137);
        assertThat(exitCodeOf(pod, podId, "succeeds", "true")).isZero();
        assertThat(exitCodeOf(pod, podId, "fails", "sh", "-c", "exit 7")).isEqualTo(7);

        cri.removeContainer(mainId);
        assertThatThrownBy(() -> cri.containerStatus(mainId))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        cri.stopPodSandbox(podId);
        cri.stopPodSandbox(podId); // idempotent, as kubelet expects
        assertThat(cri.podSandboxStatus(podId, false).getStatus().getState())
                .isEqualTo(PodSandboxState.SANDBOX_NOTREADY);
        cri.removePodSandbox(podId); // removes the exited containers still in it
        assertThat(cri.listContainers(podId)).isEmpty();
        assertThatThrownBy(() -> cri.podSandboxStatus(podId, false))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    /** The controllers of the host's cgroup2 (hybrid hosts mount it at /sys/fs/cgroup/unified). */
    private static List<String> cgroup2Controllers() throws Exception {
        for (Path p : List.of(
                Path.of("/sys/fs/cgroup/cgroup.controllers"), Path.of("/sys/fs/cgroup/unified/cgroup.controllers"))) {
            if (Files.exists(p)) {
                return List.of(Files.readString(p).trim().split("\\s+"));
            }
        }
        return List.of();
    }

    private static PodSandboxConfig pod(String name) throws Exception {
        return pod(name, 0);
    }

    private static PodSandboxConfig pod(String name, int hostPort) throws Exception {
        PodSandboxConfig pod = KubeletConfigs.pod(
                        "default", name, containerd.logRoot(), containerd.cgroupRoot(), hostPort)
                .build();
        Files.createDirectories(Path.of(pod.getLogDirectory()));
        return pod;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static ContainerConfig container(PodSandboxConfig pod, String name, String... command) {
        return KubeletConfigs.container(pod, name, ContainerdCri.IMAGE, command).build();
    }

    /** Runs a container to its end and returns the exit code ContainerStatus reports. */
    private static int exitCodeOf(PodSandboxConfig pod, String podId, String name, String... command) throws Exception {
        ContainerConfig config = container(pod, name, command);
        KubeletConfigs.createLogDir(pod, config);
        String id = cri.createContainer(podId, config, pod);
        cri.startContainer(id);
        ContainerStatus exited = cri.awaitState(id, ContainerState.CONTAINER_EXITED, EXIT);
        // containerd 1.6 stamps started_at after Start returns, so a quick exit may finish "before" it started
        assertThat(exited.getStartedAt()).isPositive();
        assertThat(exited.getFinishedAt()).isPositive();
        return exited.getExitCode();
    }

    /** The log's lines once it has at least {@code count} complete ones (containerd writes them as they come). */
    private static List<CriLog.Line> awaitLog(Path log, int count) throws Exception {
        long deadline = System.nanoTime() + EXIT.toNanos();
        List<CriLog.Line> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(log) ? CriLog.read(log) : List.of();
            if (lines.stream().filter(l -> !l.partial()).count() >= count) {
                return lines;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("log " + log + " has " + lines.size() + " lines after " + EXIT + ": "
                + lines.stream()
                        .map(l -> l.stream()
                                + (l.partial() ? " P " : " F ")
                                + l.message()
                                        .substring(0, Math.min(40, l.message().length())))
                        .toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {ContainerdCri.RUNC, ContainerdCri.CORTADO})
    void twoPodsAtOnce_getTheirOwnAddresses_andReachEachOther(String handler) throws Exception {
        PodSandboxConfig a = pod("a-" + handler);
        PodSandboxConfig b = pod("b-" + handler);
        CompletableFuture<String> runA = CompletableFuture.supplyAsync(() -> cri.runPodSandbox(a, handler));
        CompletableFuture<String> runB = CompletableFuture.supplyAsync(() -> cri.runPodSandbox(b, handler));
        String podA = runA.get();
        String podB = runB.get();
        String ipA = cri.podSandboxStatus(podA, false).getStatus().getNetwork().getIp();
        String ipB = cri.podSandboxStatus(podB, false).getStatus().getNetwork().getIp();
        assertThat(ipA).isNotEqualTo(ipB);
        assertThat(List.of(ipA, ipB)).allMatch(containerd.network()::contains);

        String inA = sleeper(a, podA);
        String inB = sleeper(b, podB);
        assertThat(cri.execSync(inA, Duration.ofSeconds(10), "hostname")
                        .getStdout()
                        .toStringUtf8())
                .isEqualTo("a-" + handler + "\n");
        assertThat(cri.execSync(inB, Duration.ofSeconds(10), "hostname")
                        .getStdout()
                        .toStringUtf8())
                .isEqualTo("b-" + handler + "\n");
        ExecSyncResponse ping = cri.execSync(inA, Duration.ofSeconds(10), "ping", "-c", "1", "-W", "5", ipB);
        assertThat(ping.getExitCode())
                .as(ping.getStdout().toStringUtf8() + ping.getStderr().toStringUtf8())
                .isZero();

        for (String podId : List.of(podA, podB)) {
            cri.stopPodSandbox(podId);
            cri.removePodSandbox(podId);
        }
        assertThat(cri.listContainers(podA)).isEmpty();
    }

    private static String sleeper(PodSandboxConfig pod, String podId) throws Exception {
        ContainerConfig config = container(pod, "sleeper", "sleep", "3600");
        KubeletConfigs.createLogDir(pod, config);
        String id = cri.createContainer(podId, config, pod);
        cri.startContainer(id);
        return id;
    }

    @ParameterizedTest
    @ValueSource(strings = {ContainerdCri.RUNC, ContainerdCri.CORTADO})
    void bidirectionalMount_showsTheContainersMountsOnTheHost(String handler) throws Exception {
        // kubelet allows Bidirectional only for privileged containers, on a host path that is a shared mount
        Path shared = Files.createTempDirectory(Path.of("/tmp"), "containerd-cri-shared");
        Path inner = Files.createDirectory(shared.resolve("inner"));
        try {
            run("mount", "--bind", shared.toString(), shared.toString());
            run("mount", "--make-shared", shared.toString());
            PodSandboxConfig pod = pod("bidi-" + handler);
            pod = pod.toBuilder()
                    .setLinux(pod.getLinux().toBuilder()
                            .setSecurityContext(pod.getLinux().getSecurityContext().toBuilder()
                                    .setPrivileged(true)))
                    .build();
            String podId = cri.runPodSandbox(pod, handler);
            ContainerConfig.Builder builder = KubeletConfigs.container(
                            pod, "bidi", ContainerdCri.IMAGE, "sleep", "3600")
                    .addMounts(KubeletConfigs.bidirectional(shared, "/shared"));
            LinuxContainerSecurityContext.Builder security = builder.getLinux().getSecurityContext().toBuilder()
                    .setPrivileged(true)
                    .clearMaskedPaths()
                    .clearReadonlyPaths();
            ContainerConfig config = builder.setLinux(
                            builder.getLinux().toBuilder().setSecurityContext(security))
                    .build();
            KubeletConfigs.createLogDir(pod, config);
            String id = cri.createContainer(podId, config, pod);
            cri.startContainer(id);

            ExecSyncResponse mount =
                    cri.execSync(id, Duration.ofSeconds(10), "mount", "-t", "tmpfs", "bidi", "/shared/inner");
            assertThat(mount.getExitCode()).as(mount.getStderr().toStringUtf8()).isZero();
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).contains(" " + inner + " ");

            cri.stopPodSandbox(podId);
            cri.removePodSandbox(podId);
        } finally {
            HostCleanup.unmountUnder(shared);
            HostCleanup.deleteTree(shared);
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
