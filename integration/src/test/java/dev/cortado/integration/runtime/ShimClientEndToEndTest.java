package dev.cortado.integration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.cri.linux.NativeFsOps;
import dev.cortado.cri.runtime.BootstrapReply;
import dev.cortado.cri.runtime.CreateTask;
import dev.cortado.cri.runtime.EventDispatcher;
import dev.cortado.cri.runtime.EventsEndpoint;
import dev.cortado.cri.runtime.ExecProcess;
import dev.cortado.cri.runtime.ExitRecovery;
import dev.cortado.cri.runtime.ExitResult;
import dev.cortado.cri.runtime.ProcessState;
import dev.cortado.cri.runtime.RuntimeOptionsEncoder;
import dev.cortado.cri.runtime.ShimLauncher;
import dev.cortado.cri.runtime.ShimStartRequest;
import dev.cortado.cri.runtime.Stdio;
import dev.cortado.cri.runtime.TaskClient;
import dev.cortado.cri.runtime.TaskEvent;
import dev.cortado.cri.runtime.TypedValue;
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
 * The story of a container driven by cortado's runtime client through a real shim, as
 * containerd drives it: {@code <shim> start}, Create, Start, TaskStart then TaskExit on
 * cortado's own events endpoint, an exec writing to a file, Kill, Wait, Delete, Shutdown,
 * {@code <shim> delete}, and nothing left behind. Run with cortado's shim and with Debian's
 * {@code containerd-shim-runc-v2}. Then a lost exit: the events endpoint goes away while the
 * task exits, and after a reconnect the shim's State gives the exit back.
 */
class ShimClientEndToEndTest {
    private static final String NS = "wt-shim-client-test";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int SIGTERM = 15;
    private Path dir;
    private String cgroupParent;
    private final EventDispatcher<TaskEvent> dispatcher = new EventDispatcher<>();
    private final BlockingQueue<TaskEvent> events = new LinkedBlockingQueue<>();
    private EventsEndpoint endpoint;
    private ShimLauncher launcher;
    private final List<AutoCloseable> cleanups = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: namespaces, mounts, cgroups");
        assumeTrue(Files.isExecutable(TestBundle.BUSYBOX), "needs busybox-static (apt-get install -y busybox-static)");
        dir = Files.createTempDirectory(Path.of("/tmp"), "shimclient");
        cgroupParent = "/shimclient-" + UUID.randomUUID().toString().substring(0, 8);
        dispatcher.subscribe(events::add);
        endpoint = EventsEndpoint.start(dir.resolve("events.sock"), dispatcher);
        launcher = new ShimLauncher(
                p -> new NativeFsOps().mknod(p, 'p', 0, 0),
                TIMEOUT,
                Map.of("CORTADO_SHIM_ROOT", dir.resolve("s").toString()));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanups.size() - 1; i >= 0; i--) {
            try {
                cleanups.get(i).close();
            } catch (Exception e) {
                System.err.println("cleanup: " + e);
            }
        }
        if (endpoint != null) {
            endpoint.close();
        }
        dispatcher.close();
        if (dir != null) {
            Path ready = dir.resolve("s/ready");
            if (Files.exists(ready)) {
                Optional<ProcessHandle> server =
                        ProcessHandle.of(Long.parseLong(Files.readString(ready).trim()));
                // the shim relay first: it would restart a server killed under it
                server.flatMap(ProcessHandle::parent)
                        .filter(p -> p.info().command().orElse("").endsWith("-relay"))
                        .ifPresent(ProcessHandle::destroyForcibly);
                server.ifPresent(ProcessHandle::destroyForcibly);
            }
            Files.deleteIfExists(Path.of("/sys/fs/cgroup/unified" + cgroupParent));
            // runc's state root of our namespace, left empty by runc's shim after delete
            try {
                Files.deleteIfExists(Path.of("/run/containerd/runc", NS));
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                System.err.println("runc state of " + NS + " is not empty: " + e.getMessage());
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cortado", "cortado-grpc", "runc"})
    void containerLifecycle_throughTheShim_eventsInOrderAndNothingLeft(String handler) throws Exception {
        String id = "life-" + handler;
        ShimStartRequest shim = startRequest(
                handler, id, List.of("sh", "-c", "trap 'exit 3' TERM; echo started; while true; do sleep 0.1; done"));
        ShimLauncher.Started started = launcher.start(shim);
        cleanups.add(started.log());
        cleanups.add(() -> launcher.delete(shim));
        cleanups.add(() -> forceRemove(started.reply(), id));
        assertThat(started.reply().protocol())
                .isEqualTo(handler.endsWith("grpc") ? BootstrapReply.Protocol.GRPC : BootstrapReply.Protocol.TTRPC);
        TaskClient client = TaskClient.connect(started.reply(), NS, TIMEOUT);
        cleanups.add(client);
        Path out = dir.resolve("init.out");

        int pid = client.create(new CreateTask(
                id,
                shim.bundle(),
                List.of(),
                new Stdio("", "file://" + out, "file://" + out, false),
                Optional.empty()));
        assertThat(client.start(id, "")).isEqualTo(pid);
        assertThat(client.state(id, "").status()).isEqualTo(ProcessState.Status.RUNNING);
        long shimPid = client.connect(id).shimPid();

        // an exec whose output goes to a file, and its exit
        Path execOut = dir.resolve("exec.out");
        client.exec(
                id,
                new ExecProcess(
                        "probe",
                        new Stdio("", "file://" + execOut, "file://" + execOut, false),
                        TestBundle.process(List.of("sh", "-c", "echo exec says hello; exit 4"))));
        client.start(id, "probe");
        assertThat(client.waitExit(id, "probe").exitStatus()).isEqualTo(4);
        client.delete(id, "probe");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.readString(execOut).contains("exec says hello"));

        client.kill(id, "", SIGTERM, false);
        ExitResult exit = client.waitExit(id, "");
        assertThat(exit.exitStatus()).isEqualTo(3);
        assertThat(client.delete(id, "").exitStatus()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(out).contains("started"));

        List<TaskEvent> seen = eventsOf(id, TaskEvent.Deleted.class);
        assertThat(seen)
                .extracting(e -> e.getClass().getSimpleName())
                .containsSubsequence("Created", "Started", "ExecAdded", "ExecStarted", "Exited", "Exited", "Deleted");
        assertThat(seen)
                .filteredOn(e -> e instanceof TaskEvent.Exited x && x.id().equals("probe"))
                .singleElement()
                .extracting(e -> ((TaskEvent.Exited) e).exitStatus())
                .isEqualTo(4);
        assertThat(seen)
                .filteredOn(e -> e instanceof TaskEvent.Exited x && x.id().equals(id))
                .singleElement()
                .satisfies(e -> {
                    assertThat(((TaskEvent.Exited) e).exitStatus()).isEqualTo(3);
                    assertThat(((TaskEvent.Exited) e).pid()).isEqualTo(pid);
                });

        // containerd's order at the end: Shutdown, close, <shim> delete
        client.shutdown(id);
        client.close();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ProcessHandle.of(shimPid).isEmpty());
        assertThat(started.reply().socket()).doesNotExist();
        launcher.delete(shim);
        started.log().close();
        assertThat(shim.bundle().resolve("log")).doesNotExist();
        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThat(ProcessHandle.allProcesses()
                        .map(p -> p.info().commandLine().orElse(""))
                        .filter(c -> c.contains(dir.toString())))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cortado", "runc"})
    void exitWhileEndpointDown_isRecoveredFromStateAfterReconnect(String handler) throws Exception {
        String id = "lost-" + handler;
        ShimStartRequest shim =
                startRequest(handler, id, List.of("sh", "-c", "while [ ! -e /tmp/go ]; do sleep 0.1; done; exit 5"));
        ShimLauncher.Started started = launcher.start(shim);
        cleanups.add(started.log());
        cleanups.add(() -> launcher.delete(shim));
        cleanups.add(() -> forceRemove(started.reply(), id));
        TaskClient client = TaskClient.connect(started.reply(), NS, TIMEOUT);
        int pid = client.create(new CreateTask(id, shim.bundle(), List.of(), Stdio.NONE, Optional.empty()));
        client.start(id, "");
        eventsOf(id, TaskEvent.Started.class);

        // cortado goes away: its connection and its events endpoint
        client.close();
        endpoint.close();
        endpoint = null;
        Files.createFile(shim.bundle().resolve("rootfs/tmp/go"));
        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(pid).isEmpty());

        // cortado is back: a new endpoint, a new connection, and the shim asked
        EventDispatcher<TaskEvent> after = new EventDispatcher<>();
        BlockingQueue<TaskEvent> afterEvents = new LinkedBlockingQueue<>();
        after.subscribe(afterEvents::add);
        cleanups.add(after);
        cleanups.add(EventsEndpoint.start(dir.resolve("events.sock"), after));
        TaskClient again = TaskClient.connect(started.reply(), NS, TIMEOUT);
        cleanups.add(again);
        List<TaskEvent.Exited> recovered =
                new ExitRecovery(after).afterReconnect(again, NS, List.of(new ExitRecovery.ProcessRef(id, "")));

        assertThat(recovered).singleElement().satisfies(e -> {
            assertThat(e.exitStatus()).isEqualTo(5);
            assertThat(e.recovered()).isTrue();
            assertThat(e.pid()).isEqualTo(pid);
        });
        TaskEvent published = afterEvents.poll(10, TimeUnit.SECONDS);
        while (published != null && !(published instanceof TaskEvent.Exited x && x.recovered())) {
            published = afterEvents.poll(10, TimeUnit.SECONDS); // the shim's own retry may come first
        }
        assertThat(published).isEqualTo(recovered.get(0));
        assertThat(again.delete(id, "").exitStatus()).isEqualTo(5);
        again.shutdown(id);
    }

    @org.junit.jupiter.api.Test
    void deadRuncShim_isCleanedUpWithShimDelete_andItsExitPublished() throws Exception {
        String id = "dead-runc";
        ShimStartRequest shim = startRequest("runc", id, List.of("sleep", "300"));
        ShimLauncher.Started started = launcher.start(shim);
        cleanups.add(started.log());
        cleanups.add(() -> Files.deleteIfExists(started.reply().socket()));
        int pid;
        long shimPid;
        try (TaskClient client = TaskClient.connect(started.reply(), NS, TIMEOUT)) {
            pid = client.create(new CreateTask(id, shim.bundle(), List.of(), Stdio.NONE, Optional.empty()));
            client.start(id, "");
            shimPid = client.connect(id).shimPid();
        }
        eventsOf(id, TaskEvent.Started.class); // runc's shim publishes from a queue: let it drain first
        ProcessHandle dead = ProcessHandle.of(shimPid).orElseThrow();
        dead.destroyForcibly();
        dead.onExit().join();
        assertThat(ProcessHandle.of(pid)).as("the container outlives its shim").isPresent();

        // as containerd's cleanupAfterDeadShim: <shim> delete, then TaskExit and TaskDelete
        TaskEvent.Exited exit = new ExitRecovery(dispatcher).afterDeadShim(launcher, shim);

        assertThat(exit.exitStatus()).isEqualTo(137);
        assertThat(exit.recovered()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).isEmpty());
        List<TaskEvent> seen = eventsOf(id, TaskEvent.Deleted.class);
        assertThat(seen).containsExactly(exit, new TaskEvent.Deleted(NS, id, "", exit.pid(), 137, exit.exitedAt()));
    }

    private ShimStartRequest startRequest(String handler, String id, List<String> args) throws Exception {
        Path binary;
        String cgroupsPath = null;
        Optional<TypedValue> options = Optional.empty();
        if (handler.equals("cortado-grpc")) {
            // our shim offers gRPC task v3 when its options ask for it, as containerd's CRI plugin sends them
            options = RuntimeOptionsEncoder.encode("io.containerd.cortado.v2", Map.of("Protocol", "grpc"));
        }
        if (handler.startsWith("cortado")) {
            binary = Path.of(System.getProperty("cortado.repo.root", ".."))
                    .resolve("shim/target/bin/containerd-shim-cortado-v2")
                    .toAbsolutePath()
                    .normalize();
            assumeTrue(Files.isExecutable(binary), "needs the shim script " + binary + " (mvn package builds it)");
            cgroupsPath = cgroupParent + "/" + id;
        } else {
            binary = Path.of("/usr/bin/containerd-shim-runc-v2");
            assumeTrue(
                    Files.isExecutable(binary) && Files.isExecutable(Path.of("/usr/sbin/runc")),
                    "needs containerd-shim-runc-v2 and runc (apt-get install -y containerd runc)");
        }
        Path bundle =
                TestBundle.write(Files.createDirectories(dir.resolve("bundles").resolve(id)), args, cgroupsPath);
        return new ShimStartRequest(
                binary, NS, id, bundle, dir.resolve("cortado.sock").toString(), endpoint.socket(), options);
    }

    /** After a failure: SIGKILL, delete and shutdown, each allowed to fail (the shim may be gone). */
    private static void forceRemove(BootstrapReply reply, String id) {
        if (!Files.exists(reply.socket())) {
            return;
        }
        try (TaskClient c = TaskClient.connect(reply, NS, Duration.ofSeconds(10))) {
            for (Runnable step : List.<Runnable>of(
                    () -> c.kill(id, "", 9, true),
                    () -> c.waitExit(id, ""),
                    () -> c.delete(id, ""),
                    () -> c.shutdown(id))) {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    // best effort: the task may be gone already
                }
            }
        } catch (RuntimeException e) {
            // nothing listens any more
        }
    }

    /** The events of one container up to and including the first of {@code last}. */
    private List<TaskEvent> eventsOf(String id, Class<? extends TaskEvent> last) throws InterruptedException {
        List<TaskEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            TaskEvent e = events.poll(1, TimeUnit.SECONDS);
            if (e != null && e.containerId().equals(id) && e.namespace().equals(NS)) {
                seen.add(e);
                if (last.isInstance(e)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("no " + last.getSimpleName() + " event for " + id + "; saw " + seen);
    }
}
