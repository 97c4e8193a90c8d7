package dev.cortado.integration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.cri.config.ConfigLoader;
import dev.cortado.cri.linux.NativeFsOps;
import dev.cortado.cri.runtime.CreateTask;
import dev.cortado.cri.runtime.ProcessState;
import dev.cortado.cri.runtime.RuntimeHandlers;
import dev.cortado.cri.runtime.ShimLauncher;
import dev.cortado.cri.runtime.ShimTasks;
import dev.cortado.cri.runtime.Stdio;
import dev.cortado.cri.runtime.TaskEvent;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cortado's container tasks ({@code cri.runtime.ShimTasks}) on cortado's own shim, handler
 * runtime type {@code io.containerd.cortado.v2}, over ttrpc and (options {@code Protocol = "grpc"})
 * over gRPC task v3: a container is created, started, stopped and
 * deleted with its events in order; then cortado restarts while one container runs and another
 * exits, and recover finds the first running and the second with its real exit code; the shim
 * server, to which cortado keeps its connection, outlives the last task and ends when cortado
 * stops.
 */
class CortadoShimTasksTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private Path dir;
    private Path shimRoot;
    private String ns;
    private String cgroupParent;
    private ShimTasks tasks;
    private final BlockingQueue<TaskEvent> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: namespaces, mounts, cgroups");
        assumeTrue(Files.isExecutable(TestBundle.BUSYBOX), "needs busybox-static (apt-get install -y busybox-static)");
        assumeTrue(
                Files.isExecutable(shimBinary()), "needs the shim script " + shimBinary() + " (mvn package builds it)");
        dir = Files.createTempDirectory(Path.of("/tmp"), "ctr-tasks-it");
        shimRoot = dir.resolve("s");
        ns = "ctr-tasks-" + UUID.randomUUID().toString().substring(0, 8);
        cgroupParent = "/ctr-tasks-" + UUID.randomUUID().toString().substring(0, 8);
        tasks = open();
    }

    private static Path shimBinary() {
        return Path.of(System.getProperty("cortado.repo.root", ".."))
                .resolve("shim/target/bin/containerd-shim-cortado-v2")
                .toAbsolutePath()
                .normalize();
    }

    /** Cortado (re)starting: new tasks on the same events socket. */
    private ShimTasks open() {
        RuntimeHandlers handlers = new RuntimeHandlers(
                new ConfigLoader().parse("""
                [runtime.handlers.cortado]
                runtime_type = "io.containerd.cortado.v2"
                runtime_path = "%1$s"
                [runtime.handlers.cortado-grpc]
                runtime_type = "io.containerd.cortado.v2"
                runtime_path = "%1$s"
                [runtime.handlers.cortado-grpc.options]
                Protocol = "grpc"
                """.formatted(shimBinary()), "test").runtime(), System.getenv("PATH"));
        ShimLauncher launcher = new ShimLauncher(
                p -> new NativeFsOps().mknod(p, 'p', 0, 0), TIMEOUT, Map.of("CORTADO_SHIM_ROOT", shimRoot.toString()));
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
        Path ready = shimRoot.resolve("ready");
        if (Files.exists(ready)) {
            ProcessHandle.of(Long.parseLong(Files.readString(ready).trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (String id : List.of("ctr-tasks-life", "ctr-tasks-run", "ctr-tasks-quit")) {
            Files.deleteIfExists(Path.of("/sys/fs/cgroup/unified" + cgroupParent + "/" + id));
        }
        Files.deleteIfExists(Path.of("/sys/fs/cgroup/unified" + cgroupParent));
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Path bundle(String id, List<String> args) throws Exception {
        return TestBundle.write(
                Files.createDirectories(dir.resolve("bundles").resolve(id)), args, cgroupParent + "/" + id);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cortado", "cortado-grpc"})
    void containerThroughCortadosShim_eventsInOrder_andRecoverAfterARestart(String handler) throws Exception {
        // a container's life
        Path life = bundle("ctr-tasks-life", List.of("sh", "-c", "trap 'exit 3' TERM; while true; do sleep 0.1; done"));
        int pid =
                tasks.create(handler, new CreateTask("ctr-tasks-life", life, List.of(), Stdio.NONE, Optional.empty()));
        assertThat(Files.readString(life.resolve("bootstrap.json")))
                .contains(handler.endsWith("grpc") ? "\"protocol\":\"grpc\"" : "\"protocol\":\"ttrpc\"");
        assertThat(tasks.start("ctr-tasks-life", "")).isEqualTo(pid);
        assertThat(tasks.state("ctr-tasks-life", "").status()).isEqualTo(ProcessState.Status.RUNNING);
        tasks.kill("ctr-tasks-life", "", 15, false);
        assertThat(tasks.waitExit("ctr-tasks-life", "")
                        .get(30, TimeUnit.SECONDS)
                        .exitStatus())
                .isEqualTo(3);
        assertThat(tasks.delete("ctr-tasks-life", "").exitStatus()).isEqualTo(3);
        assertThat(eventsOf("ctr-tasks-life", TaskEvent.Deleted.class))
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Created", "Started", "Exited", "Deleted");

        // cortado restarts while one container runs and another exits
        Path running = bundle("ctr-tasks-run", List.of("sleep", "300"));
        Path quitting =
                bundle("ctr-tasks-quit", List.of("sh", "-c", "while [ ! -e /tmp/go ]; do sleep 0.1; done; exit 5"));
        tasks.create(handler, new CreateTask("ctr-tasks-run", running, List.of(), Stdio.NONE, Optional.empty()));
        int quitPid = tasks.create(
                handler, new CreateTask("ctr-tasks-quit", quitting, List.of(), Stdio.NONE, Optional.empty()));
        tasks.start("ctr-tasks-run", "");
        tasks.start("ctr-tasks-quit", "");
        eventsOf("ctr-tasks-quit", TaskEvent.Started.class);
        tasks.close();
        tasks = null;
        Files.createFile(quitting.resolve("rootfs/tmp/go"));
        await().atMost(TIMEOUT).until(() -> ProcessHandle.of(quitPid).isEmpty());
        tasks = open();

        assertThat(tasks.recover(handler, "ctr-tasks-run", running).status()).isEqualTo(ProcessState.Status.RUNNING);
        ProcessState quit = tasks.recover(handler, "ctr-tasks-quit", quitting);
        assertThat(quit.status()).isEqualTo(ProcessState.Status.STOPPED);
        assertThat(quit.exitStatus()).isEqualTo(5);
        assertThat(tasks.waitExit("ctr-tasks-quit", "")
                        .get(30, TimeUnit.SECONDS)
                        .exitStatus())
                .isEqualTo(5);
        assertThat(tasks.delete("ctr-tasks-quit", "").exitStatus()).isEqualTo(5);

        long server = Long.parseLong(Files.readString(shimRoot.resolve("ready")).trim());
        tasks.kill("ctr-tasks-run", "", 9, false);
        assertThat(tasks.waitExit("ctr-tasks-run", "").get(30, TimeUnit.SECONDS).exitStatus())
                .isEqualTo(137);
        assertThat(tasks.delete("ctr-tasks-run", "").exitStatus()).isEqualTo(137);

        // no task left, but cortado keeps its connection: the server stays up for the next
        // container (an idle server stops 2 s after a Shutdown, which cortado has not sent) ...
        Thread.sleep(2500);
        assertThat(ProcessHandle.of(server)).isPresent();
        // ... until cortado stops: then it is told to shut down, and goes
        tasks.close();
        tasks = null;
        await().atMost(TIMEOUT).until(() -> ProcessHandle.of(server).isEmpty());
    }

    /** The events of one container up to and including the first of {@code last}. */
    private List<TaskEvent> eventsOf(String id, Class<? extends TaskEvent> last) throws InterruptedException {
        List<TaskEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            TaskEvent e = events.poll(1, TimeUnit.SECONDS);
            if (e != null && e.containerId().equals(id) && e.namespace().equals(ns)) {
                seen.add(e);
                if (last.isInstance(e)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("no " + last.getSimpleName() + " event for " + id + "; saw " + seen);
    }
}
