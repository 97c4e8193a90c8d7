package dev.cortado.shim.checkpoint;

import dev.cortado.errors.CortadoException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether criu works on this host: {@code criu check} run once, on first use, and its answer kept
 * (a kernel does not gain features while the server runs). When it fails, every checkpoint is
 * FAILED_PRECONDITION with criu's own error lines, e.g. a kernel whose vDSO criu cannot parse or
 * a missing {@code nf_tables}.
 */
public final class CriuCheck {
    private final CriuRunner criu;
    // @GuardedBy("this")
    private Optional<String> problem;

    public CriuCheck(CriuRunner criu) {
        this.criu = criu;
    }

    /** Empty when criu works; else what criu said is missing. */
    public synchronized Optional<String> problem() {
        if (problem == null) {
            CriuRunner.Result r = criu.run(List.of("check"));
            problem = r.ok() ? Optional.empty() : Optional.of(summary(r));
        }
        return problem;
    }

    /** Throws FAILED_PRECONDITION naming what criu reported when it does not work here. */
    public void require(String what) {
        problem().ifPresent(p -> {
            throw CortadoException.failedPrecondition(
                    "cannot %s: criu does not work on this host (criu check: %s)", what, p);
        });
    }

    /** criu's "Error ..." lines (the reasons), else its whole output, on one line. */
    static String summary(CriuRunner.Result r) {
        List<String> lines =
                r.output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<String> errors = lines.stream()
                .filter(l -> l.startsWith("Error") || l.contains("rror:"))
                .toList();
        String text = (errors.isEmpty() ? lines : errors).stream().collect(Collectors.joining("; "));
        return text.isEmpty() ? "exit status " + r.code() + ", no output" : text;
    }
}
