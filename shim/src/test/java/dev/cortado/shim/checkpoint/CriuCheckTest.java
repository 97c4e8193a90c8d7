package dev.cortado.shim.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** criu check: asked once, its failure a FAILED_PRECONDITION with criu's own error lines. */
class CriuCheckTest {
    private static final String HOST_618 = """
            Warn  (criu/kerndat.c:1103): CRIU was built without libnftables support
            Error (criu/vdso.c:613): vdso: Failed to fill self vdso symtable
            Error (criu/kerndat.c:1615): kerndat_vdso_fill_symtable failed when initializing kerndat.
            Error (criu/crtools.c:260): Could not initialize kernel features detection.
            """;

    @Test
    void failingCheck_isAskedOnce_andNamesCriusErrors() {
        AtomicInteger calls = new AtomicInteger();
        CriuCheck check = new CriuCheck(args -> {
            calls.incrementAndGet();
            return new CriuRunner.Result(1, HOST_618);
        });

        assertThatThrownBy(() -> check.require("checkpoint task k8s.io/c1"))
                .isInstanceOf(CortadoException.class)
                .satisfies(e -> assertThat(((CortadoException) e).kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessageContaining("cannot checkpoint task k8s.io/c1")
                .hasMessageContaining("vdso: Failed to fill self vdso symtable; Error (criu/kerndat.c:1615)")
                .hasMessageNotContaining("Warn");
        assertThatThrownBy(() -> check.require("checkpoint task k8s.io/c2")).hasMessageContaining("c2");
        assertThat(calls).hasValue(1);
    }

    @Test
    void passingCheck_hasNoProblem() {
        CriuCheck check = new CriuCheck(args -> new CriuRunner.Result(0, "Looks good.\n"));
        assertThat(check.problem()).isEmpty();
    }

    @Test
    void missingCriu_isNamed() {
        CriuCheck check = new CriuCheck(new CriuProcess("/nonexistent/criu", 5));
        assertThat(check.problem()).hasValueSatisfying(p -> assertThat(p).contains("is criu installed?"));
    }

    @Test
    void realCriu_answersItsVersion() {
        CriuRunner.Result r = new CriuProcess("criu", 30).run(List.of("--version"));
        org.junit.jupiter.api.Assumptions.assumeTrue(
                r.code() != 127, "criu is not installed (integration/bin/install-deps installs it)");
        assertThat(r.code()).isZero();
        assertThat(r.output()).contains("Version:");
    }
}
