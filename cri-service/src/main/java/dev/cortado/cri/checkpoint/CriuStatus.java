package dev.cortado.cri.checkpoint;

import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Whether criu works on this node: {@code criu check}, run once on first use and remembered (a
 * kernel does not gain features while cortado runs). Asked before any shim is: containerd's runc
 * shim would answer a failed {@code runc checkpoint} as UNKNOWN; here both handlers get the same
 * FAILED_PRECONDITION with criu's own error lines.
 */
public final class CriuStatus {
    /** Runs {@code criu check}: its exit status and output. */
    @FunctionalInterface
    public interface Probe {
        Result check();
    }

    /** The exit status (127: criu could not be run) and what criu printed. */
    public record Result(int code, String output) {}

    private final Probe probe;
    // @GuardedBy("this")
    private Optional<String> problem;

    public CriuStatus(Probe probe) {
        this.probe = probe;
    }

    /**
     * {@code criu check} of {@code $CORTADO_CRIU} when set (the shim runs the same one: it
     * inherits cortado's environment), else of the criu on PATH.
     */
    public static CriuStatus forHost() {
        String configured = System.getenv().getOrDefault("CORTADO_CRIU", "");
        String binary = configured.isBlank() ? "criu" : configured;
        return new CriuStatus(() -> runCheck(binary));
    }

    /** Empty when criu works; else what criu said is wrong. */
    public synchronized Optional<String> problem() {
        if (problem == null) {
            Result r = probe.check();
            problem = r.code() == 0 ? Optional.empty() : Optional.of(summary(r));
        }
        return problem;
    }

    /** FAILED_PRECONDITION naming criu's message when criu does not work here. */
    public void require(String what) {
        problem().ifPresent(p -> {
            throw CortadoException.failedPrecondition(
                    "cannot %s: criu does not work on this node (criu check: %s)", what, p);
        });
    }

    static String summary(Result r) {
        List<String> lines =
                r.output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<String> errors = lines.stream()
                .filter(l -> l.startsWith("Error") || l.contains("rror:"))
                .toList();
        String text = (errors.isEmpty() ? lines : errors).stream().collect(Collectors.joining("; "));
        return text.isEmpty() ? "exit status " + r.code() + ", no output" : text;
    }

    private static Result runCheck(String binary) {
        Process p;
        try {
            p = new ProcessBuilder(binary, "check").redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, "cannot run " + binary + " (is criu installed?): " + e.getMessage());
        }
        try {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(124, "criu check took over 60 s");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            p.destroyForcibly();
            return new Result(126, "reading criu check's output: " + e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(130, "criu check interrupted");
        }
    }
}
