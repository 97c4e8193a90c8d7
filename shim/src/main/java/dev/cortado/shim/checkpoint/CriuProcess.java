package dev.cortado.shim.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link CriuRunner} over a real {@code criu} binary, as a subprocess (house rule 15: criu is an
 * external program). A criu that outlives {@code timeoutSeconds} is killed and reported as 124.
 */
public final class CriuProcess implements CriuRunner {
    private final String binary;
    private final long timeoutSeconds;

    /** @param binary {@code criu} (found on PATH) or an absolute path */
    public CriuProcess(String binary, long timeoutSeconds) {
        this.binary = binary;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * The criu to run: {@code $CORTADO_CRIU} when set (an absolute path, e.g. the newer criu of
     * {@code integration/bin/newer-criu} on kernels Debian 12's criu cannot handle), else
     * {@code criu} on PATH.
     */
    public static String binary(java.util.Map<String, String> env) {
        String configured = env.getOrDefault("CORTADO_CRIU", "");
        return configured.isBlank() ? "criu" : configured;
    }

    @Override
    public Result run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            return new Result(127, "cannot run " + binary + " (is criu installed?): " + e.getMessage());
        }
        try {
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(124, binary + " " + args.get(0) + " took over " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            p.destroyForcibly();
            return new Result(126, "reading the output of " + binary + ": " + e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(130, binary + " interrupted");
        }
    }
}
