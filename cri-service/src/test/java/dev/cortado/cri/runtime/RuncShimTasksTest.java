package dev.cortado.cri.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.cri.config.ConfigLoader;
import dev.cortado.cri.linux.NativeFsOps;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ShimTasks} driving Debian's {@code containerd-shim-runc-v2} (containerd 1.6, ttrpc
 * task v2) as cortado's {@code runc} handler: a container's life with its events in order, a
 * pod's containers sharing one shim until the last is deleted, a cortado restart that finds a
 * running container and the real exit code of one that exited meanwhile, and a shim killed
 * with SIGKILL, found dead by recover or noticed while cortado runs.
 */
class RuncShimTasksTest {
    private static final Path SHIM = Path.of("/usr/bin/containerd-shim-runc-v2");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SANDBOX_ID = "io.kubernetes.cri.sandbox-id";
    private Path dir;
    private String ns;
    private ShimTasks tasks;
    private final BlockingQueue<TaskEvent> events = new LinkedBlockingQueue<>();
    private final List<Long> pids = new ArrayList<>();
    private final List<Path> killedShimSockets = new ArrayList<>(); // a killed shim leaves its socket file

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: namespaces, mounts, cgroups");
        assumeTrue(
                Files.isExecutable(SHIM) && Files.isExecutable(Path.of("/usr/sbin/runc")),
                "needs containerd-shim-runc-v2 and runc (apt-get install -y containerd runc)");
        assumeTrue(Files.isExecutable(ShimBundle.BUSYBOX), "needs busybox-static (apt-get install -y busybox-static)");
        dir = Files.createTempDirectory(Path.of("/tmp"), "ctr-tasks");
        ns = "ctr-tasks-" + UUID.randomUUID().toString().substring(0, 8);
        tasks = open();
    }

    /** Cortado (re)starting: a new ShimTasks on the same events socket. */
    private ShimTasks open() throws Exception {
        RuntimeHandlers handlers = new RuntimeHandlers(
                new ConfigLoader().parse("""
                [runtime.handlers.runc]
                runtime_type = "io.containerd.runc.v2"
                runtime_path = "%s"
                """.formatted(SHIM), "test").runtime(), System.getenv("PATH"));
        ShimLauncher launcher = new ShimLauncher(p -> new NativeFsOps().mknod(p, 'p', 0, 0), TIMEOUT, Map.of());
        ShimTasks opened = ShimTasks.open(
                handlers,
                launcher,
                dir.resolve("events.sock"),
                ns,
                dir.resolve("cortado.sock").toString(),
                TIMEOUT);
        opened.subscribe(events::add);
        return opened;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dir == null) {
            return;
        }
        if (tasks != null) {
            tasks.close();
        }
        pids.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
        Path runcRoot = Path.of("/run/containerd/runc", ns);
        if (Files.isDirectory(runcRoot)) {
            try (Stream<Path> left = Files.list(runcRoot)) {
                for (Path c : left.toList()) {
                    new ProcessBuilder(
                                    "runc",
                                    "--root",
                                    runcRoot.toString(),
                                    "delete",
                                    "--force",
                                    c.getFileName().toString())
                            .inheritIO()
                            .start()
                            .waitFor();
                }
            }
            Files.deleteIfExists(runcRoot);
        }
        for (Path socket : killedShimSockets) {
            Files.deleteIfExists(socket);
        }
        for (String m : mountsUnder(dir)) {
            new ProcessBuilder("umount", "-l", m).inheritIO().start().waitFor();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void containerLifecycle_eventsInOrder_andTheShimEndsAfterTheLastDelete() throws Exception {
        String id = "ctr-tasks-life";
        Path bundle = ShimBundle.write(
                dir,
                id,
                List.of("sh", "-c", "trap 'exit 3' TERM; echo started; while true; do sleep 0.1; done"),
                Map.of(),
                false);
        Path out = dir.resolve("init.out");
        int pid = tasks.create(
                "runc",
                new CreateTask(
                        id,
                        bundle,
                        List.of(),
                        new Stdio("", "file://" + out, "file://" + out, false),
                        Optional.empty()));
        pids.add((long) pid);
        long shimPid = shimPid(bundle, id);
        assertThat(BootstrapFile.read(bundle).handler()).isEqualTo("runc");
        assertThat(tasks.state(id, "").status()).isEqualTo(ProcessState.Status.CREATED);
        assertThat(tasks.start(id, "")).isEqualTo(pid);
        assertThat(tasks.state(id, "").status()).isEqualTo(ProcessState.Status.RUNNING);

        Path execOut = dir.resolve("exec.out");
        tasks.exec(
                id,
                new ExecProcess(
                        "probe",
                        new Stdio("", "file://" + execOut, "file://" + execOut, false),
                        ShimBundle.process(List.of("sh", "-c", "echo exec says hello; exit 4"))));
        tasks.start(id, "probe");
        assertThat(tasks.waitExit(id, "probe").get(30, TimeUnit.SECONDS).exitStatus())
                .isEqualTo(4);
        assertThat(tasks.delete(id, "probe").exitStatus()).isEqualTo(4);
        assertThat(Files.readString(execOut)).contains("exec says hello");

        tasks.kill(id, "", 15, false);
        ExitResult exit = tasks.waitExit(id, "").get(30, TimeUnit.SECONDS);
        assertThat(exit.exitStatus()).isEqualTo(3);
        assertThat(tasks.delete(id, "").exitStatus()).isEqualTo(3);

        List<TaskEvent> init = eventsOf(id, TaskEvent.Deleted.class).stream()
                .filter(e -> !(e instanceof TaskEvent.ExecAdded
                        || e instanceof TaskEvent.ExecStarted
                        || e instanceof TaskEvent.Exited x && x.id().equals("probe")))
                .toList();
        assertThat(init)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Created", "Started", "Exited", "Deleted");
        assertThat(init.get(2)).isEqualTo(new TaskEvent.Exited(ns, id, id, pid, 3, exit.exitedAt(), false));
        await(() -> ProcessHandle.of(shimPid).isEmpty(), "the shim exits after Shutdown");
        assertThat(bundle.resolve(BootstrapFile.NAME)).doesNotExist();
        assertThat(bundle.resolve("log")).doesNotExist();
        assertThat(Files.readString(out)).contains("started");
        assertThatThrownBy(() -> tasks.state(id, ""))
                .isInstanceOf(CortadoException.class)
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void containersOfOnePod_shareOneShim_untilTheLastIsDeleted() throws Exception {
        Map<String, String> pod = Map.of(SANDBOX_ID, "ctr-tasks-pod");
        Path a = ShimBundle.write(dir, "ctr-tasks-a", List.of("sleep", "300"), pod, false);
        Path b = ShimBundle.write(dir, "ctr-tasks-b", List.of("sleep", "300"), pod, false);
        pids.add(
                (long) tasks.create("runc", new CreateTask("ctr-tasks-a", a, List.of(), Stdio.NONE, Optional.empty())));
        pids.add(
                (long) tasks.create("runc", new CreateTask("ctr-tasks-b", b, List.of(), Stdio.NONE, Optional.empty())));
        tasks.start("ctr-tasks-a", "");
        tasks.start("ctr-tasks-b", "");

        assertThat(BootstrapFile.read(a).reply())
                .isEqualTo(BootstrapFile.read(b).reply());
        long shimPid = shimPid(a, "ctr-tasks-a");
        assertThat(shimPid(b, "ctr-tasks-b")).isEqualTo(shimPid);
        assertThat(tasks.shims.size()).isEqualTo(1);

        stop("ctr-tasks-a");
        assertThat(ProcessHandle.of(shimPid)).as("the shim serves b still").isPresent();
        assertThat(tasks.state("ctr-tasks-b", "").status()).isEqualTo(ProcessState.Status.RUNNING);
        stop("ctr-tasks-b");
        await(() -> ProcessHandle.of(shimPid).isEmpty(), "the shim exits after its last task");
        assertThat(tasks.shims.size()).isZero();
    }

    @Test
    void afterARestart_recoverFindsTheRunningContainer_andTheRealExitOfOneThatExitedMeanwhile() throws Exception {
        Path running = ShimBundle.write(dir, "ctr-tasks-run", List.of("sleep", "300"), Map.of(), false);
        Path quitting = ShimBundle.write(
                dir,
                "ctr-tasks-quit",
                List.of("sh", "-c", "while [ ! -e /tmp/go ]; do sleep 0.1; done; exit 7"),
                Map.of(),
                false);
        int runPid =
                tasks.create("runc", new CreateTask("ctr-tasks-run", running, List.of(), Stdio.NONE, Optional.empty()));
        int quitPid = tasks.create(
                "runc", new CreateTask("ctr-tasks-quit", quitting, List.of(), Stdio.NONE, Optional.empty()));
        pids.addAll(List.of((long) runPid, (long) quitPid));
        tasks.start("ctr-tasks-run", "");
        tasks.start("ctr-tasks-quit", "");
        eventsOf("ctr-tasks-quit", TaskEvent.Started.class);

        // cortado stops; one container exits while it is away
        tasks.close();
        tasks = null;
        Files.createFile(quitting.resolve("rootfs/tmp/go"));
        await(() -> ProcessHandle.of(quitPid).isEmpty(), "the container exits");
        events.clear();
        tasks = open();

        assertThat(tasks.recover("runc", "ctr-tasks-run", running).status()).isEqualTo(ProcessState.Status.RUNNING);
        ProcessState quit = tasks.recover("runc", "ctr-tasks-quit", quitting);
        assertThat(quit.status()).isEqualTo(ProcessState.Status.STOPPED);
        assertThat(quit.exitStatus()).isEqualTo(7);
        assertThat(eventsOf("ctr-tasks-quit", TaskEvent.Exited.class, e -> ((TaskEvent.Exited) e).recovered()))
                .last()
                .satisfies(e -> assertThat(((TaskEvent.Exited) e).exitStatus()).isEqualTo(7));
        assertThat(tasks.waitExit("ctr-tasks-quit", "")
                        .get(30, TimeUnit.SECONDS)
                        .exitStatus())
                .isEqualTo(7);
        assertThat(tasks.delete("ctr-tasks-quit", "").exitStatus()).isEqualTo(7);
        stop("ctr-tasks-run");
    }

    @Test
    void shimKilledWhileCortadoWasAway_recoverReturnsStopped_andLeavesNoMountOrProcess() throws Exception {
        String id = "ctr-tasks-dead";
        Path bundle = ShimBundle.write(dir, id, List.of("sleep", "300"), Map.of(), true);
        RootfsMount root =
                new RootfsMount("bind", ShimBundle.rootSource(dir, id).toString(), List.of("rbind", "rw"));
        int pid = tasks.create("runc", new CreateTask(id, bundle, List.of(root), Stdio.NONE, Optional.empty()));
        pids.add((long) pid);
        tasks.start(id, "");
        assertThat(mountsUnder(bundle)).as("the shim mounted the rootfs").isNotEmpty();
        long shimPid = shimPid(bundle, id);
        killedShimSockets.add(BootstrapFile.read(bundle).reply().socket());
        tasks.close();
        tasks = null;
        kill9(shimPid);
        events.clear();
        tasks = open();

        ProcessState state = tasks.recover("runc", id, bundle);

        // runc's shim delete reports 128+SIGKILL; 255 is for a delete that knows nothing
        assertThat(state.status()).isEqualTo(ProcessState.Status.STOPPED);
        assertThat(state.exitStatus()).isEqualTo(137);
        await(() -> ProcessHandle.of(pid).isEmpty(), "the container is killed by runc delete");
        assertThat(mountsUnder(bundle)).isEmpty();
        assertThat(eventsOf(id, TaskEvent.Deleted.class))
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Exited", "Deleted");
        assertThat(tasks.state(id, "").exitStatus()).isEqualTo(137);
        assertThat(tasks.delete(id, "").exitStatus()).isEqualTo(137);
        assertThatThrownBy(() -> tasks.delete(id, ""))
                .isInstanceOf(CortadoException.class)
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void shimKilledWhileCortadoRuns_itsTaskExitsOnce_withTheShimDeleteStatus() throws Exception {
        String id = "ctr-tasks-crash";
        Path bundle = ShimBundle.write(dir, id, List.of("sleep", "300"), Map.of(), false);
        int pid = tasks.create("runc", new CreateTask(id, bundle, List.of(), Stdio.NONE, Optional.empty()));
        pids.add((long) pid);
        tasks.start(id, "");
        eventsOf(id, TaskEvent.Started.class);
        long shimPid = shimPid(bundle, id);
        killedShimSockets.add(BootstrapFile.read(bundle).reply().socket());

        kill9(shimPid);

        List<TaskEvent> seen = eventsOf(id, TaskEvent.Deleted.class);
        assertThat(seen)
                .containsExactly(
                        new TaskEvent.Exited(ns, id, id, pid, 137, ((TaskEvent.Exited) seen.get(0)).exitedAt(), true),
                        new TaskEvent.Deleted(ns, id, "", pid, 137, ((TaskEvent.Exited) seen.get(0)).exitedAt()));
        assertThat(tasks.waitExit(id, "").get(30, TimeUnit.SECONDS).exitStatus())
                .isEqualTo(137);
        assertThat(tasks.state(id, "").status()).isEqualTo(ProcessState.Status.STOPPED);
        await(() -> ProcessHandle.of(pid).isEmpty(), "the container is killed by runc delete");
        assertThat(tasks.delete(id, "").exitStatus()).isEqualTo(137);
        assertThat(events.poll(500, TimeUnit.MILLISECONDS))
                .as("the exit is published once")
                .isNull();
    }

    /** Kills and deletes a started container. */
    private void stop(String id) throws Exception {
        tasks.kill(id, "", 9, false);
        assertThat(tasks.waitExit(id, "").get(30, TimeUnit.SECONDS).exitStatus())
                .isEqualTo(137);
        assertThat(tasks.delete(id, "").exitStatus()).isEqualTo(137);
    }

    private long shimPid(Path bundle, String id) {
        try (TaskClient c = TaskClient.connect(BootstrapFile.read(bundle).reply(), ns, TIMEOUT)) {
            long pid = c.connect(id).shimPid();
            pids.add(pid);
            return pid;
        }
    }

    private static void kill9(long pid) {
        ProcessHandle p = ProcessHandle.of(pid).orElseThrow();
        p.destroyForcibly();
        p.onExit().join();
    }

    private static List<String> mountsUnder(Path path) throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(l -> l.split(" ")[4])
                .filter(m -> m.startsWith(path.toString()))
                .sorted(Comparator.reverseOrder())
                .toList();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(50);
        }
    }

    private List<TaskEvent> eventsOf(String id, Class<? extends TaskEvent> last) throws InterruptedException {
        return eventsOf(id, last, e -> true);
    }

    /** The events of one container up to and including the first {@code last} that passes {@code test}. */
    private List<TaskEvent> eventsOf(
            String id, Class<? extends TaskEvent> last, java.util.function.Predicate<TaskEvent> test)
            throws InterruptedException {
        List<TaskEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            TaskEvent e = events.poll(1, TimeUnit.SECONDS);
            if (e != null && e.containerId().equals(id) && e.namespace().equals(ns)) {
                seen.add(e);
                if (last.isInstance(e) && test.test(e)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("no " + last.getSimpleName() + " event for " + id + "; saw " + seen);
    }
}
