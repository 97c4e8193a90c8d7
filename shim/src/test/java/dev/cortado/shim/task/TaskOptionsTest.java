package dev.cortado.shim.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.io.StdioPaths;
import dev.cortado.shim.launch.LaunchOptions;
import dev.cortado.shim.launch.StdioOwner;
import dev.cortado.shim.options.ShimOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Create's runtime options reach the launcher for the task and its execs, and survive a restart. */
class TaskOptionsTest {
    @TempDir
    Path tmp;

    private TaskFixture f;
    private final TaskKey key = new TaskKey("ns", "c1");

    @BeforeEach
    void setUp() throws Exception {
        f = new TaskFixture(tmp);
    }

    private void create(ShimOptions options) {
        f.service.create(new CreateTask(key, f.bundle, List.of(), StdioPaths.none(), options));
    }

    private LaunchOptions launched(String execId) {
        return f.processes.optionsOf.get(f.store.processDir(key, execId));
    }

    @Test
    void ioOwnerAndKeyring_reachTheInitAndEveryExec() {
        create(new ShimOptions(1000, 1001, "", false, false, ShimOptions.Protocol.TTRPC));
        f.service.start(key, "");
        f.operations.exec(key, "e1", StdioPaths.none(), "{\"args\":[\"true\"],\"cwd\":\"/\"}");

        LaunchOptions expected = new LaunchOptions(Optional.of(new StdioOwner(1000, 1001)), Optional.of("_ses.c1"));
        assertThat(launched("")).isEqualTo(expected);
        assertThat(launched("e1")).isEqualTo(expected);
    }

    @Test
    void defaults_keepRootsPipes_andNoNewKeyringKeepsTheMonitors() {
        create(ShimOptions.DEFAULTS);
        assertThat(launched("")).isEqualTo(new LaunchOptions(Optional.empty(), Optional.of("_ses.c1")));

        TaskKey other = new TaskKey("ns", "c2");
        f.service.create(new CreateTask(
                other,
                f.bundle,
                List.of(),
                StdioPaths.none(),
                new ShimOptions(0, 0, "", false, true, ShimOptions.Protocol.TTRPC)));
        assertThat(f.processes.optionsOf.get(f.store.processDir(other, ""))).isEqualTo(LaunchOptions.DEFAULT);
    }

    @Test
    void optionsSurviveARestart_forExecsOfReadoptedTasks() {
        create(new ShimOptions(7, 7, "", false, true, ShimOptions.Protocol.TTRPC));
        TaskRegistry registry = new TaskRegistry();

        f.restarted(registry, new RecordingEvents());

        assertThat(registry.get(key).options()).isEqualTo(new TaskOptions(7, 7, true));
    }

    @Test
    void systemdCgroup_refusesTheFixturesCgroupfsPath_andLeavesNothing() {
        assertThatThrownBy(() -> create(new ShimOptions(0, 0, "", true, false, ShimOptions.Protocol.TTRPC)))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("SystemdCgroup")
                .hasMessageContaining("/test/c1");
        assertThat(f.processes.byStateDir).isEmpty();
        assertThat(f.store.loadAll()).isEmpty();
    }
}
