package dev.cortado.integration.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.api.cri.v1.Container;
import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ContainerFilter;
import dev.cortado.api.cri.v1.ContainerState;
import dev.cortado.api.cri.v1.ContainerStateValue;
import dev.cortado.api.cri.v1.ContainerStatus;
import dev.cortado.api.cri.v1.ExecSyncResponse;
import dev.cortado.api.cri.v1.ImageSpec;
import dev.cortado.api.cri.v1.ImageStatusRequest;
import dev.cortado.api.cri.v1.Mount;
import dev.cortado.api.cri.v1.PodSandboxState;
import dev.cortado.api.cri.v1.RemoveImageRequest;
import dev.cortado.integration.cri.CriClient;
import dev.cortado.integration.cri.CriLog;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Containers through a CRI socket as kubelet drives them, one contract run against every
 * runtime: the reference (containerd 1.6 CRI + runc) and Cortado with each handler. Each test is
 * one story on pods of its own (removed after it); the runtime, its registry and images are
 * shared by the class. Where containerd 1.6 differs from what issue 12 asks of Cortado, the
 * assertion says so ({@link RuntimeUnderTest#isContainerd16}). Logs, exec and the probe are
 * {@link ContainerIoContract}, {@link ContainerProbeContract} and {@link ContainerEventsContract}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContainerLifecycleContract
        implements ContainerIoContract, ContainerProbeContract, ContainerEventsContract {
    static final Duration EXIT = Duration.ofSeconds(30);
    private Path registryDir;
    private ImageRegistry registry;
    private RuntimeUnderTest runtime;
    private Kubelet kubelet;
    private TestImages images;

    /** Why this host cannot run the runtime, or empty. */
    protected abstract Optional<String> unavailable();

    /** Starts the runtime under test (owned by the class, closed after its last test). */
    protected abstract RuntimeUnderTest startRuntime() throws Exception;

    @BeforeAll
    void startRegistryAndRuntime() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "containers need root: mounts, cgroups, netns");
        assumeTrue(
                Files.isExecutable(ImageRegistry.BINARY), "needs docker-registry (apt-get install -y docker-registry)");
        Optional<String> missing = unavailable();
        assumeTrue(missing.isEmpty(), missing.orElse(""));
        registryDir = Files.createTempDirectory(Path.of("/tmp"), "ctr-it-registry");
        registry = ImageRegistry.start(registryDir);
        images = TestImages.push(registry);
        runtime = startRuntime();
        kubelet = new Kubelet(runtime);
        for (String image : List.of(images.busybox(), images.probe(), images.spare())) {
            kubelet.cri().pullImage(image, null); // kubelet pulls before CreateContainer (IfNotPresent)
        }
    }

    @AfterEach
    void removePods() {
        if (runtime != null) {
            RuntimeUnderTest.removeAllPods(runtime.client(), runtime.name());
        }
    }

    @AfterAll
    void stopRuntimeAndRegistry() throws Exception {
        try {
            if (runtime != null) {
                runtime.close();
            }
        } finally {
            if (registry != null) {
                registry.close();
            }
            if (registryDir != null) {
                dev.cortado.integration.containerd.HostCleanup.deleteTree(registryDir);
            }
        }
    }

    @Override
    public RuntimeUnderTest runtime() {
        return runtime;
    }

    @Override
    public Kubelet kubelet() {
        return kubelet;
    }

    @Override
    public TestImages images() {
        return images;
    }

    @Test
    void kubeletStory_createStartStatusListStopRemove() throws Exception {
        CriClient cri = kubelet.cri();
        if (runtime.isContainerd16()) {
            assertThat(cri.status(false).getRuntimeHandlersList()).isEmpty(); // reported from containerd 1.7 on
        } else { // Status lists every handler, and the default once more as ""
            assertThat(cri.status(false).getRuntimeHandlersList())
                    .extracting(h -> h.getName())
                    .contains("", "cortado", CortadoRuntime.RUNC);
        }
        String imageRef = cri.pullImage(images.busybox(), null);
        assertThat(imageRef).startsWith("sha256:");
        Kubelet.Pod pod = kubelet.runPod("ctr-it-story");
        Path hostDir = Files.createTempDirectory(Path.of("/tmp"), "ctr-it-story");
        try {
            story(pod, hostDir);
        } finally {
            dev.cortado.integration.containerd.HostCleanup.deleteTree(hostDir);
        }
    }

    private void story(Kubelet.Pod pod, Path hostDir) throws Exception {
        CriClient cri = kubelet.cri();
        ContainerConfig config = kubelet.container(
                        pod,
                        "main",
                        images.busybox(),
                        "sh",
                        "-c",
                        "echo started; trap 'echo bye; exit 0' TERM; sleep 3600 & wait")
                .putLabels("app", "story")
                .putAnnotations("ctr-it/note", "kept as given")
                .addMounts(Mount.newBuilder().setHostPath(hostDir.toString()).setContainerPath("/mnt/host"))
                .build();

        long beforeCreate = System.currentTimeMillis() * 1_000_000;
        String id = kubelet.create(pod, config);
        ContainerStatus created = cri.containerStatus(id);
        assertThat(created.getState()).isEqualTo(ContainerState.CONTAINER_CREATED);
        assertThat(created.getCreatedAt()).isGreaterThanOrEqualTo(beforeCreate - 1_000_000_000L); // clocks: sanity only
        assertThat(created.getStartedAt()).isZero();
        assertThat(created.getMetadata().getName()).isEqualTo("main");

        cri.startContainer(id);
        Kubelet.awaitLog(
                Kubelet.logOf(pod, config),
                lines -> CriLog.messages(lines, CriLog.Stream.STDOUT).contains("started"));
        ContainerStatus running = cri.containerStatus(id);
        assertThat(running.getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        assertThat(running.getStartedAt()).isGreaterThanOrEqualTo(running.getCreatedAt());
        assertThat(running.getFinishedAt()).isZero();
        // image: the image's first repo tag; image_ref: its first repo digest (the manifest's), as containerd 1.6
        assertThat(running.getImage().getImage()).isEqualTo(images.busybox());
        assertThat(running.getImageRef()).isEqualTo(images.busyboxRepoDigest());
        assertThat(running.getLogPath()).isEqualTo(Kubelet.logOf(pod, config).toString());
        assertThat(running.getLabelsMap()).containsAllEntriesOf(config.getLabelsMap());
        assertThat(running.getAnnotationsMap()).containsAllEntriesOf(config.getAnnotationsMap());
        assertThat(running.getMountsList()).singleElement().satisfies(m -> {
            assertThat(m.getHostPath()).isEqualTo(hostDir.toString());
            assertThat(m.getContainerPath()).isEqualTo("/mnt/host");
        });

        // the container's root process has containerd's default capabilities (CRI without add/drop)
        ExecSyncResponse caps = cri.execSync(id, Duration.ofSeconds(10), "grep", "^CapEff:", "/proc/self/status");
        assertThat(caps.getStdout().toStringUtf8().trim()).isEqualTo("CapEff:\t00000000a80425fb");
        // the pod's files: its hostname, and a hosts file of the runtime's own when kubelet mounts none
        assertThat(cri.execSync(id, Duration.ofSeconds(10), "cat", "/etc/hostname")
                        .getStdout()
                        .toStringUtf8())
                .isEqualTo("ctr-it-story\n");
        assertThat(cri.execSync(id, Duration.ofSeconds(10), "cat", "/etc/hosts")
                        .getStdout()
                        .toStringUtf8())
                .contains("localhost");

        // crictl stop: SIGTERM, the trap exits 0 within the grace period
        cri.stopContainer(id, 30);
        ContainerStatus exited = cri.containerStatus(id);
        assertThat(exited.getState()).isEqualTo(ContainerState.CONTAINER_EXITED);
        assertThat(exited.getExitCode()).isZero();
        assertThat(exited.getReason()).isEqualTo("Completed");
        assertThat(exited.getFinishedAt()).isGreaterThanOrEqualTo(exited.getStartedAt());
        assertThat(CriLog.messages(CriLog.read(Kubelet.logOf(pod, config)), CriLog.Stream.STDOUT))
                .containsExactly("started", "bye");
        cri.stopContainer(id, 30); // idempotent (CRI: stopping a stopped container is not an error)
        assertThat(cri.containerStatus(id).getExitCode()).isZero();

        cri.removeContainer(id);
        cri.removeContainer(id); // idempotent (CRI: removing an absent container is not an error)
        assertThatThrownBy(() -> cri.containerStatus(id))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThat(cri.listContainers(pod.id())).isEmpty();
        assertThat(Files.exists(Kubelet.logOf(pod, config))).isTrue(); // kubelet, not the runtime, removes logs
        cri.stopPodSandbox(pod.id());
        cri.removePodSandbox(pod.id());
    }

    @Test
    void exitCodes_zeroIsCompleted_otherIsError() throws Exception {
        Kubelet.Pod pod = kubelet.runPod("ctr-it-exits");
        ContainerStatus ok = runToExit(pod, "ok", "true");
        assertThat(ok.getExitCode()).isZero();
        assertThat(ok.getReason()).isEqualTo("Completed");
        ContainerStatus failed = runToExit(pod, "failed", "sh", "-c", "echo failing >&2; exit 7");
        assertThat(failed.getExitCode()).isEqualTo(7);
        assertThat(failed.getReason()).isEqualTo("Error");
        for (ContainerStatus s : List.of(ok, failed)) {
            assertThat(s.getStartedAt()).isPositive();
            assertThat(s.getFinishedAt()).isPositive();
        }
    }

    private ContainerStatus runToExit(Kubelet.Pod pod, String name, String... command) throws Exception {
        String id = kubelet.run(
                pod, kubelet.container(pod, name, images.busybox(), command).build());
        return kubelet.cri().awaitState(id, ContainerState.CONTAINER_EXITED, EXIT);
    }

    @Test
    void listContainers_filtersByIdPrefixStatePodAndLabels() throws Exception {
        CriClient cri = kubelet.cri();
        Kubelet.Pod web = kubelet.runPod("ctr-it-list-web");
        Kubelet.Pod db = kubelet.runPod("ctr-it-list-db");
        String server = kubelet.run(
                web,
                kubelet.container(web, "server", images.busybox(), "sleep", "3600")
                        .putLabels("tier", "front")
                        .build());
        String sidecar = kubelet.create(
                web,
                kubelet.container(web, "sidecar", images.busybox(), "sleep", "3600")
                        .putLabels("tier", "front")
                        .build());
        String store = kubelet.run(
                db,
                kubelet.container(db, "store", images.busybox(), "true")
                        .putLabels("tier", "back")
                        .build());
        cri.awaitState(store, ContainerState.CONTAINER_EXITED, EXIT);

        assertThat(ids(cri.listContainers(ContainerFilter.getDefaultInstance())))
                .containsExactlyInAnyOrder(server, sidecar, store);
        assertThat(ids(cri.listContainers(ContainerFilter.newBuilder()
                        .setId(server.substring(0, 12))
                        .build())))
                .containsExactly(server);
        assertThat(ids(cri.listContainers(web.id()))).containsExactlyInAnyOrder(server, sidecar);
        assertThat(ids(cri.listContainers(state(ContainerState.CONTAINER_RUNNING))))
                .containsExactly(server);
        assertThat(ids(cri.listContainers(state(ContainerState.CONTAINER_CREATED))))
                .containsExactly(sidecar);
        assertThat(ids(cri.listContainers(state(ContainerState.CONTAINER_EXITED))))
                .containsExactly(store);
        assertThat(ids(cri.listContainers(ContainerFilter.newBuilder()
                        .putLabelSelector("tier", "front")
                        .build())))
                .containsExactlyInAnyOrder(server, sidecar);
        assertThat(ids(cri.listContainers(ContainerFilter.newBuilder()
                        .putLabelSelector("tier", "back")
                        .putLabelSelector("io.kubernetes.container.name", "store")
                        .build())))
                .containsExactly(store);
        assertThat(ids(cri.listContainers(ContainerFilter.newBuilder()
                        .setPodSandboxId(web.id())
                        .putLabelSelector("tier", "back")
                        .build())))
                .isEmpty();
        assertThat(cri.listContainers(web.id()))
                .allSatisfy(c -> assertThat(c.getPodSandboxId()).isEqualTo(web.id()));
    }

    private static ContainerFilter state(ContainerState state) {
        return ContainerFilter.newBuilder()
                .setState(ContainerStateValue.newBuilder().setState(state))
                .build();
    }

    private static List<String> ids(List<Container> containers) {
        return containers.stream().map(Container::getId).toList();
    }

    @Test
    void stop_processIgnoringSigterm_isKilledAfterTheGracePeriod_stopAndRemoveAreIdempotent() throws Exception {
        CriClient cri = kubelet.cri();
        Kubelet.Pod pod = kubelet.runPod("ctr-it-stubborn");
        ContainerConfig config = kubelet.container(
                        pod,
                        "stubborn",
                        images.busybox(),
                        "sh",
                        "-c",
                        "trap '' TERM; echo ignoring; while true; do sleep 1; done")
                .build();
        String id = kubelet.run(pod, config);
        Kubelet.awaitLog(Kubelet.logOf(pod, config), lines -> !lines.isEmpty());
        long start = System.nanoTime();
        cri.stopContainer(id, 2);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        ContainerStatus killed = cri.containerStatus(id);
        assertThat(killed.getState()).isEqualTo(ContainerState.CONTAINER_EXITED);
        assertThat(killed.getExitCode()).isEqualTo(137); // 128 + SIGKILL
        assertThat(killed.getReason()).isEqualTo("Error");
        assertThat(took)
                .as("StopContainer waited the grace period before SIGKILL")
                .isGreaterThan(Duration.ofMillis(1500));
        cri.stopContainer(id, 2);
        cri.removeContainer(id);
        cri.removeContainer(id);
        assertThat(cri.listContainers(pod.id())).isEmpty();
    }

    @Test
    void stopAndRemovePod_stopsThenRemovesItsContainers() throws Exception {
        CriClient cri = kubelet.cri();
        Kubelet.Pod pod = kubelet.runPod("ctr-it-podlife");
        String a = kubelet.run(
                pod,
                kubelet.container(pod, "a", images.busybox(), "sleep", "3600").build());
        String b = kubelet.run(
                pod,
                kubelet.container(pod, "b", images.busybox(), "sleep", "3600").build());
        cri.stopPodSandbox(pod.id());
        assertThat(cri.podSandboxStatus(pod.id(), false).getStatus().getState())
                .isEqualTo(PodSandboxState.SANDBOX_NOTREADY);
        for (String id : List.of(a, b)) {
            ContainerStatus s = cri.containerStatus(id);
            assertThat(s.getState()).isEqualTo(ContainerState.CONTAINER_EXITED);
            assertThat(s.getExitCode()).isEqualTo(137); // sleep as pid 1 ignores SIGTERM: killed
        }
        cri.removePodSandbox(pod.id());
        assertThat(cri.listContainers(ContainerFilter.getDefaultInstance())).isEmpty();
        for (String id : List.of(a, b)) {
            assertThatThrownBy(() -> cri.containerStatus(id))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        }
    }

    @Test
    void memoryLimit_exceeded_isOomKilled() throws Exception {
        assumeTrue(
                runtime.enforcesMemoryLimits(),
                runtime.name() + " cannot enforce memory limits here: its cgroup2"
                        + " has no memory controller (a pure cgroup v2 host has; see shared/tools/cgroup2-vm.sh)");
        Kubelet.Pod pod = kubelet.runPod("ctr-it-oom");
        ContainerConfig.Builder hog =
                kubelet.container(pod, "hog", images.busybox(), "sh", "-c", "echo hogging; tail /dev/zero");
        hog.getLinuxBuilder().getResourcesBuilder().setMemoryLimitInBytes(32L << 20);
        String id = kubelet.run(pod, hog.build());
        ContainerStatus killed = kubelet.cri().awaitState(id, ContainerState.CONTAINER_EXITED, EXIT);
        assertThat(killed.getExitCode()).isEqualTo(137);
        assertThat(killed.getReason()).isEqualTo("OOMKilled");
        assertThat(killed.getResources().getLinux().getMemoryLimitInBytes()).isEqualTo(32L << 20);
    }

    @Test
    void removeImage_inUseByAContainer() throws Exception {
        CriClient cri = kubelet.cri();
        Kubelet.Pod pod = kubelet.runPod("ctr-it-inuse");
        String id = kubelet.run(
                pod,
                kubelet.container(pod, "user", images.spare(), "sleep", "3600").build());
        RemoveImageRequest remove = RemoveImageRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(images.spare()))
                .build();
        if (runtime.isContainerd16()) {
            // containerd 1.6 does not refuse: it removes the image record and the container runs on (its
            // snapshot is held by the container). Issue 12 asks Cortado to refuse instead.
            cri.images().removeImage(remove);
            assertThat(cri.images()
                            .imageStatus(ImageStatusRequest.newBuilder()
                                    .setImage(remove.getImage())
                                    .build())
                            .hasImage())
                    .isFalse();
            cri.pullImage(images.spare(), null); // back, for the next test class's sake
        } else {
            assertThatThrownBy(() -> cri.images().removeImage(remove))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                        assertThat(e.getStatus().getDescription()).contains(id.substring(0, 12)); // names the user
                    });
            assertThat(cri.images()
                            .imageStatus(ImageStatusRequest.newBuilder()
                                    .setImage(remove.getImage())
                                    .build())
                            .hasImage())
                    .isTrue();
        }
        assertThat(cri.containerStatus(id).getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
    }
}
