package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.linux.LibcSyscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real cortado-init, spawned as Launcher spawns it, refuses a hand-made plan that Java would
 * never write: the create fails with the field's name before anything is made.
 */
class InitPlanRefusalTest {
    @TempDir
    Path dir;

    private void create(PlanWriter plan) throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        InitSpawner init = new InitSpawner(new LibcSyscalls(), InitBinary.locate(dir.resolve("bin")));
        init.spawn("create c1", "c1", plan.toBytes(), state);
    }

    private PlanWriter plan() {
        return new PlanWriter().add("statedir", dir.resolve("state").toString());
    }

    @Test
    void garbledUid_failsTheCreateNamingTheField() {
        // strtoull read "1000x" as 1000 and "x" as 0, root
        assertThatThrownBy(() -> create(plan().add("user", "x", "0").add("args", "true")))
                .isInstanceOf(CortadoException.class)
                .hasMessage("create c1: bad plan: malformed number in user uid");
    }

    @Test
    void garbledCapabilityMask_failsTheCreateNamingTheField() {
        assertThatThrownBy(() ->
                        create(plan().add("caps", "0", "0", "0", "0", "-1").add("args", "true")))
                .isInstanceOf(CortadoException.class)
                .hasMessage("create c1: bad plan: malformed number in caps ambient");
    }

    @Test
    void cwdOverPathMax_failsTheCreate() {
        assertThatThrownBy(() ->
                        create(plan().add("cwd", "/" + "a".repeat(5000)).add("args", "true")))
                .isInstanceOf(CortadoException.class)
                .hasMessage("create c1: bad plan: cwd is longer than PATH_MAX-1");
    }
}
