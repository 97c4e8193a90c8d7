package dev.cortado.cri.container;

import static dev.cortado.cri.container.ContainerEvent.Type.CREATED;
import static dev.cortado.cri.container.ContainerEvent.Type.DELETED;
import static dev.cortado.cri.container.ContainerEvent.Type.STARTED;
import static dev.cortado.cri.container.ContainerEvent.Type.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.runtime.CreateTask;
import dev.cortado.cri.spec.OciJson;
import dev.cortado.cri.spec.OciSpec;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Create, start, stop, remove, status and list as kubelet drives them, with every state error. */
class ContainerLifecycleTest {
    @TempDir
    Path dir;

    ContainerFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ContainerFixture(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void createStartStopRemove_happyPath_publishesEventsInOrderAndLeavesNothing() throws Exception {
        Container c = f.create("web");
        assertThat(c.state()).isEqualTo(ContainerState.CREATED);
        assertThat(c.status().pid()).isEqualTo(100);
        assertThat(c.imageId()).isEqualTo(ContainerFixture.IMAGE_ID);
        assertThat(c.imageRef()).startsWith("localhost:5000/busybox@sha256:");
        assertThat(c.logPath()).isEqualTo(dir.resolve("logs/web.log").toString());
        assertThat(c.stopSignal()).isEqualTo("SIGTERM");
        assertThat(c.status().createdAtNanos()).isEqualTo(ContainerFixture.NOW.getEpochSecond() * 1_000_000_000L);

        Path bundle = f.bundle(c.id());
        OciSpec spec = OciJson.read(Files.readString(bundle.resolve("config.json")));
        assertThat(spec.process().args()).containsExactly("top");
        assertThat(f.mounter.mounted).containsKey(bundle.resolve("rootfs"));
        assertThat(f.mounter.mounted.get(bundle.resolve("rootfs")))
                .isEqualTo("lowerdir=" + dir.resolve("snapshots/1/fs") + ",upperdir="
                        + f.layer(c.id()).resolve("upper") + ",workdir="
                        + f.layer(c.id()).resolve("work"));
        CreateTask task = f.tasks.created.get(c.id());
        assertThat(task.bundle()).isEqualTo(bundle);
        assertThat(task.rootfs()).isEmpty();
        assertThat(task.stdio().stdout()).isEqualTo(bundle.resolve("io/stdout").toString());
        assertThat(task.stdio().stderr()).isEqualTo(bundle.resolve("io/stderr").toString());
        assertThat(task.stdio().stdin()).isEmpty();
        FakeContainerIo.Copier copier = f.io.last(c.id());
        assertThat(copier.log).contains(dir.resolve("logs/web.log"));
        assertThat(f.tasks.calls).containsExactly("create cortado " + c.id());

        f.service.start(c.id());
        Container running = f.service.status(c.id());
        assertThat(running.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(running.status().pid()).isEqualTo(101);
        assertThat(running.status().startedAtNanos()).isPositive();

        f.service.stop(c.id(), Duration.ofSeconds(10));
        Container exited = f.service.status(c.id());
        assertThat(exited.state()).isEqualTo(ContainerState.EXITED);
        assertThat(exited.status().exitCode()).isEqualTo(143);
        assertThat(exited.status().reason()).isEqualTo("Error");
        assertThat(exited.status().finishedAtNanos()).isEqualTo(FakeTasks.EXITED_AT.getEpochSecond() * 1_000_000_000L);
        assertThat(exited.status().pid()).isZero();
        assertThat(copier.closed).isTrue();
        assertThat(copier.drained).hasPositiveValue();
        assertThat(f.mounter.mounted).isEmpty();

        f.service.remove(c.id());
        assertThat(f.eventTypes(c.id(), 4)).containsExactly(CREATED, STARTED, STOPPED, DELETED);
        assertThat(f.service.list(ContainerFilter.ALL)).isEmpty();
        assertThat(bundle).doesNotExist();
        assertThat(f.layer(c.id())).doesNotExist();
        assertThat(f.tasks.calls).contains("kill " + c.id() + "  15 false", "delete " + c.id() + " ");
        assertThat(f.create("web").name()).as("the name is free again").isEqualTo("web");
    }

    @Test
    void create_ttyContainer_getsOneStdoutFifoAndTerminal_stdinOnlyWhenAsked() {
        Container c = f.service.create(
                f.podId,
                ContainerFixture.config("tty").setTty(true).setStdin(true).build(),
                ContainerFixture.podConfig());
        CreateTask task = f.tasks.created.get(c.id());
        assertThat(task.stdio().terminal()).isTrue();
        assertThat(task.stdio().stderr()).isEmpty();
        assertThat(task.stdio().stdin()).endsWith("io/stdin");
        assertThat(f.io.last(c.id()).stderr).isEmpty();
    }

    @Test
    void create_imageVolume_isMadeUnderTheWritableLayerAndMountedInTheSpec() throws Exception {
        ImageSource.Resolved image = f.images.get(ContainerFixture.IMAGE);
        f.images.put(
                ContainerFixture.IMAGE,
                new ImageSource.Resolved(
                        image.id(),
                        image.name(),
                        image.imageRef(),
                        new dev.cortado.cri.spec.ImageConfig(
                                java.util.List.of(),
                                java.util.List.of("sh"),
                                java.util.List.of(),
                                "",
                                "",
                                new java.util.TreeSet<>(java.util.List.of("/data")),
                                ""),
                        image.layers()));
        Container c = f.create("vol");
        OciSpec spec = OciJson.read(Files.readString(f.bundle(c.id()).resolve("config.json")));
        OciSpec.Mount mount = spec.mounts().stream()
                .filter(m -> m.destination().equals("/data"))
                .findFirst()
                .orElseThrow();
        assertThat(mount.source()).startsWith(f.layer(c.id()).resolve("volumes").toString());
        assertThat(Path.of(mount.source())).isDirectory();
        f.service.remove(c.id());
        assertThat(Path.of(mount.source())).doesNotExist();
    }

    @Test
    void create_resolvesTheImageUserInTheMountedRootfs() throws Exception {
        Path etc = dir.resolve("snapshots/1/fs/etc");
        Files.writeString(etc.resolve("passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\napp:x:1000:\nextra:x:2000:app\n");
        ImageSource.Resolved image = f.images.get(ContainerFixture.IMAGE);
        f.images.put(
                ContainerFixture.IMAGE,
                new ImageSource.Resolved(
                        image.id(),
                        image.name(),
                        image.imageRef(),
                        new dev.cortado.cri.spec.ImageConfig(
                                java.util.List.of(),
                                java.util.List.of("sh"),
                                java.util.List.of(),
                                "",
                                "app",
                                new java.util.TreeSet<>(),
                                ""),
                        image.layers()));
        f.mounter.materialize = true;
        Container c = f.create("user");
        assertThat(c.user().uid()).isEqualTo(1000);
        assertThat(c.user().gid()).isEqualTo(1000);
        assertThat(c.user().additionalGids()).contains(2000L);
        OciSpec spec = OciJson.read(Files.readString(f.bundle(c.id()).resolve("config.json")));
        assertThat(spec.process().user().uid()).isEqualTo(1000);
    }

    @Test
    void create_withoutLogPath_drainsWithoutALogFile() {
        Container c = f.service.create(
                f.podId, ContainerFixture.config("quiet").clearLogPath().build(), ContainerFixture.podConfig());
        assertThat(c.logPath()).isEmpty();
        assertThat(f.io.last(c.id()).log).isEmpty();
    }

    @Test
    void create_inPodThatIsNotReady_isFailedPrecondition() {
        String other = dev.cortado.cri.store.Ids.generate();
        f.addPod(other, false);
        assertThatThrownBy(() ->
                        f.service.create(other, ContainerFixture.config("x").build(), ContainerFixture.podConfig()))
                .isInstanceOf(CortadoException.class)
                .hasFieldOrPropertyWithValue("kind", ErrorKind.FAILED_PRECONDITION)
                .hasMessageContaining(other);
    }

    @Test
    void create_inUnknownPod_isNotFound() {
        assertThatThrownBy(() ->
                        f.service.create("ffff", ContainerFixture.config("x").build(), ContainerFixture.podConfig()))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.NOT_FOUND);
    }

    @Test
    void create_ofMissingImage_isNotFoundNamingIt() {
        assertThatThrownBy(() -> f.service.create(
                        f.podId,
                        ContainerFixture.config("x")
                                .setImage(dev.cortado.api.cri.v1.ImageSpec.newBuilder()
                                        .setImage("nope:1"))
                                .build(),
                        ContainerFixture.podConfig()))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.NOT_FOUND)
                .hasMessageContaining("nope:1");
        assertThat(f.tasks.calls).isEmpty();
    }

    @Test
    void create_withoutMetadata_isInvalidArgument() {
        assertThatThrownBy(() -> f.service.create(
                        f.podId, ContainerFixture.config("x").clearMetadata().build(), ContainerFixture.podConfig()))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void create_sameNameTwice_isAlreadyExistsNamingTheHolder() {
        Container first = f.create("dup");
        assertThatThrownBy(() -> f.create("dup"))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.ALREADY_EXISTS)
                .hasMessageContaining("dup_pod_ns_uid-1_0")
                .hasMessageContaining(first.id());
        assertThat(f.service
                        .create(
                                f.podId,
                                ContainerFixture.config("dup")
                                        .setMetadata(dev.cortado.api.cri.v1.ContainerMetadata.newBuilder()
                                                .setName("dup")
                                                .setAttempt(1))
                                        .build(),
                                ContainerFixture.podConfig())
                        .attempt())
                .as("the next attempt is another name")
                .isEqualTo(1);
    }

    @Test
    void start_twice_isFailedPreconditionNamingTheState() {
        Container c = f.running("twice");
        assertThatThrownBy(() -> f.service.start(c.id()))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.FAILED_PRECONDITION)
                .hasMessageContaining("RUNNING");
        f.service.stop(c.id(), Duration.ZERO);
        assertThatThrownBy(() -> f.service.start(c.id()))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.FAILED_PRECONDITION)
                .hasMessageContaining("EXITED");
    }

    @Test
    void start_unknown_isNotFound() {
        assertThatThrownBy(() -> f.service.start("abcdef")).hasFieldOrPropertyWithValue("kind", ErrorKind.NOT_FOUND);
    }

    @Test
    void start_thatTheShimRefuses_leavesStartError128AndThrows() {
        Container c = f.create("bad");
        f.tasks.failures.put("start", CortadoException.failedPrecondition("exec: \"top\": not found"));
        assertThatThrownBy(() -> f.service.start(c.id())).hasMessageContaining("not found");
        Container after = f.service.status(c.id());
        assertThat(after.state()).isEqualTo(ContainerState.EXITED);
        assertThat(after.status().exitCode()).isEqualTo(128);
        assertThat(after.status().reason()).isEqualTo("StartError");
        assertThat(after.status().message()).contains("not found");
        assertThat(f.tasks.calls).contains("delete " + c.id() + " ");
        assertThat(f.mounter.mounted).isEmpty();
    }

    @Test
    void start_inAPodThatIsNotReady_isStartErrorAndStartsNothing() {
        Container c = f.create("late");
        f.addPod(f.podId, false); // StopPodSandbox ran between create and start
        assertThatThrownBy(() -> f.service.start(c.id()))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.FAILED_PRECONDITION)
                .hasMessageContaining("sandbox container " + f.podId + " is not running");
        Container after = f.service.status(c.id());
        assertThat(after.state()).isEqualTo(ContainerState.EXITED);
        assertThat(after.status().reason()).isEqualTo("StartError");
        assertThat(f.tasks.calls).noneMatch(call -> call.startsWith("start "));
        assertThat(f.tasks.calls).contains("delete " + c.id() + " ");
    }

    @Test
    void statusListAndFilters_matchPrefixesStatesAndLabels() {
        Container a = f.service.create(
                f.podId, ContainerFixture.config("a").putLabels("app", "x").build(), ContainerFixture.podConfig());
        Container b = f.running("b");
        assertThat(f.service.status(a.id().substring(0, 12)).id()).isEqualTo(a.id());
        assertThat(f.service.list(new ContainerFilter(a.id().substring(0, 8), Optional.empty(), "", Map.of())))
                .extracting(Container::id)
                .containsExactly(a.id());
        assertThat(f.service.list(new ContainerFilter("", Optional.of(ContainerState.RUNNING), "", Map.of())))
                .extracting(Container::id)
                .containsExactly(b.id());
        assertThat(f.service.list(
                        new ContainerFilter("", Optional.empty(), f.podId.substring(0, 6), Map.of("app", "x"))))
                .extracting(Container::id)
                .containsExactly(a.id());
        assertThat(f.service.list(new ContainerFilter("", Optional.empty(), "", Map.of("app", "y"))))
                .isEmpty();
        assertThatThrownBy(() -> f.service.status("0123456789ab"))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.NOT_FOUND);
    }

    @Test
    void verboseInfo_hasSandboxPidAndRuntimeSpec() {
        Container c = f.running("info");
        String info = f.service.verboseInfo(c).get("info");
        assertThat(info)
                .contains(
                        "\"sandboxID\":\"" + f.podId + "\"",
                        "\"pid\":101",
                        "\"runtimeSpec\":",
                        "\"ociVersion\"",
                        "\"name\":\"info\"");
    }

    @Test
    void stopAndRemove_ofUnknownContainer_succeed() {
        f.service.stop("0123456789abcdef", Duration.ofSeconds(1));
        f.service.remove("0123456789abcdef");
        assertThat(f.tasks.calls).isEmpty();
    }

    @Test
    void remove_running_killsItFirstAndKeepsTheLogDirectory() throws Exception {
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve("logs/run.log"), "line\n");
        Container c = f.running("run");
        f.service.remove(c.id());
        assertThat(f.tasks.calls).contains("kill " + c.id() + "  9 true");
        assertThat(f.service.list(ContainerFilter.ALL)).isEmpty();
        assertThat(dir.resolve("logs/run.log")).hasContent("line");
        assertThat(f.eventTypes(c.id(), 4)).containsExactly(CREATED, STARTED, STOPPED, DELETED);
    }

    @Test
    void stop_createdContainer_killsAndDeletesItsTask() {
        Container c = f.create("never");
        f.service.stop(c.id(), Duration.ofSeconds(5));
        Container after = f.service.status(c.id());
        assertThat(after.state()).isEqualTo(ContainerState.EXITED);
        assertThat(f.tasks.calls).contains("kill " + c.id() + "  9 true", "delete " + c.id() + " ");
        assertThat(f.tasks.live).isEmpty();
    }

    @Test
    void reopenLog_runningReopensTheCopier_otherStatesAreFailedPrecondition() {
        Container created = f.create("log");
        assertThatThrownBy(() -> f.service.reopenLog(created.id()))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.FAILED_PRECONDITION);
        f.service.start(created.id());
        f.service.reopenLog(created.id());
        assertThat(f.io.last(created.id()).reopened).hasValue(1);
    }

    @Test
    void stopAllAndRemoveAll_sweepThePodsContainersOnly() {
        Container a = f.running("a");
        Container b = f.create("b");
        String other = dev.cortado.cri.store.Ids.generate();
        f.addPod(other, true);
        Container c = f.service.create(other, ContainerFixture.config("c").build(), ContainerFixture.podConfig());
        f.service.stopAll(f.podId);
        assertThat(f.service.status(a.id()).state()).isEqualTo(ContainerState.EXITED);
        assertThat(f.service.status(b.id()).state()).isEqualTo(ContainerState.EXITED);
        assertThat(f.service.status(c.id()).state()).isEqualTo(ContainerState.CREATED);
        f.service.removeAll(f.podId);
        assertThat(f.service.list(ContainerFilter.ALL))
                .extracting(Container::id)
                .containsExactly(c.id());
    }

    @Test
    void imageUsage_isTrueWhileAContainerOfTheImageExists() {
        StoredImageUsage usage = new StoredImageUsage(f.store);
        assertThat(usage.users(ContainerFixture.IMAGE_ID)).isEmpty();
        Container c = f.create("img");
        assertThat(usage.users(ContainerFixture.IMAGE_ID)).containsExactly(c.id());
        f.service.remove(c.id());
        assertThat(usage.users(ContainerFixture.IMAGE_ID)).isEmpty();
    }
}
