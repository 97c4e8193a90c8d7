package dev.cortado.shim.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.io.StdioPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A failure injected at each step of Create and Exec: the call fails and every step before it
 * is undone (no process or monitor, mount, cgroup, state file or registry entry remains).
 */
class FailurePathsTest {
    private static final String PROCESS = "{\"args\":[\"true\"],\"cwd\":\"/\"}";
    private static final List<RootfsMount> OVERLAY =
            List.of(new RootfsMount("overlay", "overlay", List.of("lowerdir=/l")));

    @TempDir
    Path tmp;

    private final TaskKey key = new TaskKey("ns", "c1");

    @ParameterizedTest
    @ValueSource(strings = {"mount", "spec", "save", "create", "state", "stdio", "publish"})
    void createFailingAtEachStep_leavesNothing(String step) throws Exception {
        TaskFixture f = new TaskFixture(tmp);
        StdioPaths stdio = inject(f, step, true);

        assertThatThrownBy(() -> f.service.create(new CreateTask(key, f.bundle, OVERLAY, stdio)))
                .isInstanceOf(CortadoException.class);

        assertThat(f.registry.isEmpty()).as("registry").isTrue();
        assertThat(f.mounter.mounted).as("mounts").isEmpty();
        assertThat(f.processes.made).as("processes").noneMatch(FakeProcesses.FakeProcess::leftBehind);
        assertThat(Files.exists(f.store.dirOf(key))).as("state directory").isFalse();
        if (!f.processes.made.isEmpty()) {
            assertThat(f.cgroups.removed).as("cgroups").containsExactly("/test/c1");
        }
        assertThat(f.events.topics()).doesNotContain("/tasks/create");
    }

    @ParameterizedTest
    @ValueSource(strings = {"exec", "state", "stdio", "save", "publish"})
    void execFailingAtEachStep_leavesNothingOfTheExecAndTheTaskRuns(String step) throws Exception {
        TaskFixture f = new TaskFixture(tmp);
        f.service.create(new CreateTask(key, f.bundle, List.of(), StdioPaths.none()));
        f.service.start(key, "");
        int before = f.processes.made.size();
        StdioPaths stdio = inject(f, step, false);

        assertThatThrownBy(() -> f.operations.exec(key, "e1", stdio, PROCESS)).isInstanceOf(CortadoException.class);

        assertThat(f.registry.get(key).execs()).isEmpty();
        assertThat(f.processes.made.subList(before, f.processes.made.size()))
                .noneMatch(FakeProcesses.FakeProcess::leftBehind);
        assertThat(Files.exists(f.store.processDir(key, "e1")))
                .as("exec state directory")
                .isFalse();
        assertThat(f.service.state(key, "").state()).isEqualTo(Lifecycle.RUNNING);
        // the id is free again: the same exec succeeds once the failure is gone
        clear(f);
        f.operations.exec(key, "e1", StdioPaths.none(), PROCESS);
        assertThat(f.registry.get(key).execs()).hasSize(1);
    }

    @Test
    void execWithAnIdInUse_isAlreadyExistsAndTouchesNothing() throws Exception {
        TaskFixture f = new TaskFixture(tmp);
        f.service.create(new CreateTask(key, f.bundle, List.of(), StdioPaths.none()));
        f.service.start(key, "");
        f.operations.exec(key, "e1", StdioPaths.none(), PROCESS);
        Path dir = f.store.processDir(key, "e1");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("control.sock"), "the live exec's socket");
        int made = f.processes.made.size();

        assertThatThrownBy(() -> f.operations.exec(key, "e1", StdioPaths.none(), PROCESS))
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.ALREADY_EXISTS);

        assertThat(f.processes.made).as("no second monitor is spawned").hasSize(made);
        assertThat(Files.readString(dir.resolve("control.sock"))).isEqualTo("the live exec's socket");
        assertThat(f.registry.get(key).process("e1").state()).isEqualTo(Lifecycle.CREATED);
    }

    /** Arms the failure of {@code step}; returns the stdio to use (a bad logging binary for "stdio"). */
    private StdioPaths inject(TaskFixture f, String step, boolean create) throws Exception {
        Consumer<String> failProcess = f.processes.failing::add;
        switch (step) {
            case "mount" -> f.mounter.failing = true;
            case "spec" -> Files.writeString(f.bundle.resolve("config.json"), "{not json");
            case "save" -> {
                if (create) {
                    Files.createDirectories(tmp.resolve("root"));
                    Files.writeString(tmp.resolve("root/t"), "a file where the state directories go");
                } else {
                    // task.json replaced by a non-empty directory: the rename onto it fails
                    Path record = f.store.dirOf(key).resolve("task.json");
                    Files.delete(record);
                    Files.createDirectories(record.resolve("blocked"));
                }
            }
            case "create", "exec", "state" -> failProcess.accept(step);
            case "stdio" -> {
                return new StdioPaths("", "binary://" + tmp.resolve("no-such-logger"), "", false);
            }
            case "publish" -> f.events.failing.add(create ? "/tasks/create" : "/tasks/exec-added");
            default -> throw new IllegalStateException(step);
        }
        return StdioPaths.none();
    }

    private void clear(TaskFixture f) throws Exception {
        f.processes.failing.clear();
        f.events.failing.clear();
        Path record = f.store.dirOf(key).resolve("task.json");
        if (Files.isDirectory(record)) {
            Files.delete(record.resolve("blocked"));
            Files.delete(record);
        }
    }
}
