package dev.cortado.integration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.cri.runtime.CreateTask;
import dev.cortado.cri.runtime.ExecProcess;
import dev.cortado.cri.runtime.ProcessState;
import dev.cortado.cri.runtime.Stdio;
import dev.cortado.cri.runtime.TaskEvent;
import dev.cortado.cri.runtime.inprocess.InProcessTasks;
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
import org.junit.jupiter.api.Test;

/**
 * Cortado's own handler in process ({@code cri.runtime.inprocess.InProcessTasks}): a container is
 * created in its cgroup, started, exec'd into, stopped and deleted with its events in order, and
 * no shim process exists; then the task service goes away (as with a crash of cortado: its
 * monitors live on) while one container runs and another exits, and the reopened service finds
 * the first running and the second with its real exit code.
 */
class InProcessTasksTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String NS = "k8s.io";
    private Path dir;
    private String cgroupParent;
    private InProcessTasks tasks;
    private final BlockingQueue<TaskEvent> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: namespaces, mounts, cgroups");
        assumeTrue(Files.isExecutable(TestBundle.BUSYBOX), "needs busybox-static (apt-get install -y busybox-static)");
        dir = Files.createTempDirectory(Path.of("/tmp"), "inproc-tasks-it");
        cgroupParent = "/inproc-tasks-" + UUID.randomUUID().toString().substring(0, 8);
        tasks = open();
    }

    /** Cortado (re)starting: the task service on the same root. */
    private InProcessTasks open() {
        InProcessTasks opened =
                InProcessTasks.open(dir.resolve("state/tasks"), NS, handler -> Optional.empty(), Map.of());
        opened.subscribe(events::add);
        opened.readopt();
        return opened;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dir == null) {
            return;
        }
        if (tasks != null) {
            for (String id : List.of("inproc-life", "inproc-run", "inproc-quit")) {
                try {
                    tasks.kill(id, "", 9, true);
                    tasks.waitExit(id, "").get(10, TimeUnit.SECONDS);
                    tasks.delete(id, "");
                } catch (RuntimeException
                        | java.util.concurrent.ExecutionException
                        | java.util.concurrent.TimeoutException e) {
                    // deleted by the test, or never made: the next one is still cleaned up
                }
            }
            tasks.close();
        }
        for (String id : List.of("inproc-life", "inproc-run", "inproc-quit")) {
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

    private static CreateTask task(String id, Path bundle) {
        return new CreateTask(id, bundle, List.of(), Stdio.NONE, Optional.empty());
    }

    @Test
    void container_livesAndDiesInProcess_andSurvivesTheServiceGoingAway() throws Exception {
        // a container's life, with an exec, in its own cgroup as the shim makes it
        Path life = bundle("inproc-life", List.of("sh", "-c", "trap 'exit 3' TERM; while true; do sleep 0.1; done"));
        int pid = tasks.create("cortado", task("inproc-life", life));
        assertThat(tasks.holds("inproc-life")).isTrue();
        assertThat(tasks.start("inproc-life", "")).isEqualTo(pid);
        assertThat(tasks.state("inproc-life", "").status()).isEqualTo(ProcessState.Status.RUNNING);
        assertThat(Files.readString(Path.of("/proc/" + pid + "/cgroup")))
                .contains("0::" + cgroupParent + "/inproc-life");
        tasks.exec("inproc-life", new ExecProcess("x1", Stdio.NONE, TestBundle.process(List.of("sh", "-c", "exit 4"))));
        tasks.start("inproc-life", "x1");
        assertThat(tasks.waitExit("inproc-life", "x1").get(30, TimeUnit.SECONDS).exitStatus())
                .isEqualTo(4);
        assertThat(tasks.delete("inproc-life", "x1").exitStatus()).isEqualTo(4);
        tasks.kill("inproc-life", "", 15, false);
        assertThat(tasks.waitExit("inproc-life", "").get(30, TimeUnit.SECONDS).exitStatus())
                .isEqualTo(3);
        assertThat(tasks.delete("inproc-life", "").exitStatus()).isEqualTo(3);
        assertThat(tasks.holds("inproc-life")).isFalse();
        assertThat(eventsOf("inproc-life", TaskEvent.Deleted.class))
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Created", "Started", "ExecAdded", "ExecStarted", "Exited", "Exited", "Deleted");

        // the service goes away while one container runs and another exits
        Path running = bundle("inproc-run", List.of("sleep", "300"));
        Path quitting =
                bundle("inproc-quit", List.of("sh", "-c", "while [ ! -e /tmp/go ]; do sleep 0.1; done; exit 5"));
        int runPid = tasks.create("cortado", task("inproc-run", running));
        int quitPid = tasks.create("cortado", task("inproc-quit", quitting));
        tasks.start("inproc-run", "");
        tasks.start("inproc-quit", "");
        eventsOf("inproc-quit", TaskEvent.Started.class);
        tasks.close();
        tasks = null;
        Files.createFile(quitting.resolve("rootfs/tmp/go"));
        await().atMost(TIMEOUT).until(() -> ProcessHandle.of(quitPid).isEmpty());
        assertThat(ProcessHandle.of(runPid))
                .as("a container outlives the service")
                .isPresent();
        events.clear();
        tasks = open();

        assertThat(tasks.holds("inproc-run")).isTrue();
        assertThat(tasks.recover("cortado", "inproc-run", running).status()).isEqualTo(ProcessState.Status.RUNNING);
        ProcessState quit = tasks.recover("cortado", "inproc-quit", quitting);
        assertThat(quit.status()).isEqualTo(ProcessState.Status.STOPPED);
        assertThat(quit.exitStatus()).isEqualTo(5);
        assertThat(tasks.waitExit("inproc-quit", "").get(30, TimeUnit.SECONDS).exitStatus())
                .isEqualTo(5);
        assertThat(tasks.delete("inproc-quit", "").exitStatus()).isEqualTo(5);
        assertThat(eventsOf("inproc-quit", TaskEvent.Deleted.class))
                .as("the exit during the outage is published once, with its code")
                .extracting(e -> e instanceof TaskEvent.Exited x ? "Exited " + x.exitStatus() : "Deleted")
                .containsExactly("Exited 5", "Deleted");

        tasks.kill("inproc-run", "", 9, false);
        assertThat(tasks.waitExit("inproc-run", "").get(30, TimeUnit.SECONDS).exitStatus())
                .isEqualTo(137);
        assertThat(tasks.delete("inproc-run", "").exitStatus()).isEqualTo(137);
        assertThat(tasks.counts()).isEmpty();
    }

    /** The events of one container up to and including the first of {@code last}. */
    private List<TaskEvent> eventsOf(String id, Class<? extends TaskEvent> last) throws InterruptedException {
        List<TaskEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
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
