package dev.cortado.cri.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.config.ConfigLoader;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HandlerTasks} routing: an {@code in_process} handler's containers to the local tasks, every
 * other one's to the shims (here with no shim binary, so they fail as ShimTasks fails), calls for
 * a container to where it is held, and recover by what the bundle says.
 */
class HandlerTasksTest {
    @TempDir
    Path dir;

    private final RecordingLocal local = new RecordingLocal();
    private ShimTasks shims;
    private HandlerTasks tasks;

    @BeforeEach
    void setUp() {
        RuntimeHandlers handlers = new RuntimeHandlers(
                new ConfigLoader()
                        .parse("""
                [runtime.handlers.cortado]
                in_process = true
                [runtime.handlers.shimmed]
                runtime_type = "io.containerd.cortado.v2"
                runtime_path = "%s"
                """.formatted(dir.resolve("no-such-shim")), "test")
                        .runtime(),
                "");
        shims = ShimTasks.open(
                handlers,
                new ShimLauncher(p -> {}, Duration.ofSeconds(5), Map.of()),
                dir.resolve("events.sock"),
                "k8s.io",
                dir.resolve("cortado.sock").toString(),
                Duration.ofSeconds(5));
        tasks = new HandlerTasks(handlers, shims, local);
    }

    @AfterEach
    void tearDown() {
        tasks.close();
    }

    private CreateTask task(String id) {
        return new CreateTask(id, dir.resolve(id), List.of(), Stdio.NONE, Optional.empty());
    }

    @Test
    void inProcessHandler_andTheDefaultName_createLocally_underTheConfiguredName() {
        assertThat(tasks.create("cortado", task("a"))).isEqualTo(42);
        assertThat(tasks.create("", task("b"))).isEqualTo(42);
        assertThat(local.calls).containsExactly("create cortado a", "create cortado b");
    }

    @Test
    void shimHandler_goesToTheShims_andItsFailureIsTheirs() {
        assertThatThrownBy(() -> tasks.create("shimmed", task("c")))
                .isInstanceOf(CortadoException.class)
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.FAILED_PRECONDITION); // the shim binary is missing
        assertThat(local.calls).isEmpty();
    }

    @Test
    void callsForAHeldContainer_goLocally_othersToTheShims() {
        local.held.add("a");
        tasks.kill("a", "", 9, false);
        assertThat(tasks.state("a", "").status()).isEqualTo(ProcessState.Status.RUNNING);
        assertThatThrownBy(() -> tasks.kill("z", "", 9, false))
                .isInstanceOf(CortadoException.class)
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.NOT_FOUND); // unknown to the shims
        assertThat(local.calls).containsExactly("kill a", "state a");
    }

    @Test
    void aShimHandlersId_heldLocally_isAlreadyThere() {
        local.held.add("a");
        assertThatThrownBy(() -> tasks.create("shimmed", task("a")))
                .isInstanceOf(CortadoException.class)
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.ALREADY_EXISTS);
    }

    @Test
    void recover_followsTheBundle_notTheHandlersSettingNow() throws Exception {
        Path shimBundle = Files.createDirectories(dir.resolve("s"));
        Files.writeString(shimBundle.resolve(BootstrapFile.NAME), "{}");
        assertThatThrownBy(() -> tasks.recover("cortado", "s", shimBundle)).isInstanceOf(CortadoException.class);
        assertThat(local.calls).isEmpty(); // bootstrap.json: a shim made it, the shims recover it

        local.held.add("h");
        Path localBundle = Files.createDirectories(dir.resolve("h"));
        assertThat(tasks.recover("shimmed", "h", localBundle).status()).isEqualTo(ProcessState.Status.RUNNING);
        assertThat(tasks.recover("cortado", "gone", dir.resolve("gone")).status())
                .isEqualTo(ProcessState.Status.RUNNING);
        assertThat(local.calls).containsExactly("recover shimmed h", "recover cortado gone");
    }

    @Test
    void counts_mergeShimsAndLocalPerHandler() {
        local.held.add("a");
        assertThat(tasks.counts()).containsExactly(new ShimCounts("cortado", 0, 1));
    }

    /** Local tasks that record calls and answer RUNNING for what they hold. */
    private static final class RecordingLocal implements LocalTasks {
        final Set<String> held = new HashSet<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public boolean holds(String containerId) {
            return held.contains(containerId);
        }

        @Override
        public int readopt() {
            return 0;
        }

        @Override
        public List<ShimCounts> counts() {
            return held.isEmpty() ? List.of() : List.of(new ShimCounts("cortado", 0, held.size()));
        }

        @Override
        public int create(String handler, CreateTask task) {
            calls.add("create " + handler + " " + task.id());
            held.add(task.id());
            return 42;
        }

        @Override
        public int start(String containerId, String execId) {
            calls.add("start " + containerId);
            return 42;
        }

        @Override
        public void exec(String containerId, ExecProcess exec) {
            calls.add("exec " + containerId);
        }

        @Override
        public void kill(String containerId, String execId, int signal, boolean all) {
            calls.add("kill " + containerId);
        }

        @Override
        public void resizePty(String containerId, String execId, int width, int height) {}

        @Override
        public void closeStdin(String containerId, String execId) {}

        @Override
        public ProcessState state(String containerId, String execId) {
            calls.add("state " + containerId);
            return running(containerId);
        }

        private static ProcessState running(String id) {
            return new ProcessState(id, "", 42, ProcessState.Status.RUNNING, Stdio.NONE, 0, Instant.EPOCH);
        }

        @Override
        public CompletableFuture<ExitResult> waitExit(String containerId, String execId) {
            return new CompletableFuture<>();
        }

        @Override
        public ExitResult delete(String containerId, String execId) {
            calls.add("delete " + containerId);
            return new ExitResult(42, 0, Instant.EPOCH);
        }

        @Override
        public ProcessState recover(String handler, String containerId, Path bundle) {
            calls.add("recover " + handler + " " + containerId);
            return running(containerId);
        }

        @Override
        public void update(String containerId, String linuxResourcesJson) {}

        @Override
        public AutoCloseable subscribe(Consumer<TaskEvent> subscriber) {
            return () -> {};
        }

        @Override
        public void close() {}
    }
}
