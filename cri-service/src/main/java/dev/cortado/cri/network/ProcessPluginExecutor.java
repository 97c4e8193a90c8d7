package dev.cortado.cri.network;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs CNI plugins as real processes (house rule 15: they are external programs). stdout and
 * stderr are read on helper threads so that a plugin filling a pipe never blocks, and the
 * timeout holds however the plugin behaves.
 */
public final class ProcessPluginExecutor implements PluginExecutor {
    /** A result or error larger than this is not a CNI answer: fail closed. */
    static final int MAX_OUTPUT_BYTES = 1 << 20;
    /** How long the pipes may stay open after the plugin exited (a child that kept them). */
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "cni-plugin-output");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public Output execute(Path plugin, Map<String, String> environment, byte[] stdin, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(plugin.toString());
        // Inherited on purpose: plugins need PATH (portmap runs iptables), like libcni's os.Environ().
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CortadoException(
                    ErrorKind.UNAVAILABLE, "cannot start cni plugin " + plugin + ": " + e.getMessage(), e);
        }
        Future<byte[]> stdout = readers.submit(() -> readLimited(process.getInputStream()));
        Future<byte[]> stderr = readers.submit(() -> readLimited(process.getErrorStream()));
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // The plugin exited or closed stdin without reading it all; its exit status tells why.
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new CortadoException(
                        ErrorKind.DEADLINE_EXCEEDED,
                        "cni plugin " + plugin + " did not finish within " + timeout.toSeconds() + " s and was killed");
            }
            byte[] out = stdout.get(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
            byte[] err = stderr.get(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
            if (out.length > MAX_OUTPUT_BYTES) {
                throw new CortadoException(
                        ErrorKind.INTERNAL,
                        "cni plugin " + plugin + " wrote more than " + MAX_OUTPUT_BYTES + " bytes to stdout");
            }
            return new Output(process.exitValue(), out, new String(err, StandardCharsets.UTF_8).strip());
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new CortadoException(ErrorKind.CANCELLED, "interrupted while cni plugin " + plugin + " ran", e);
        } catch (TimeoutException e) {
            throw new CortadoException(
                    ErrorKind.DEADLINE_EXCEEDED,
                    "cni plugin " + plugin + " exited but a child kept its output open",
                    e);
        } catch (ExecutionException e) {
            throw new CortadoException(
                    ErrorKind.INTERNAL, "cannot read the output of cni plugin " + plugin, e.getCause());
        }
    }

    /** Children first: once the plugin dies they are reparented and no longer its descendants. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Reads to the end, keeping at most one byte more than the limit (so the caller sees it was exceeded). */
    private static byte[] readLimited(InputStream in) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                int room = MAX_OUTPUT_BYTES + 1 - kept.size();
                kept.write(buffer, 0, Math.min(room, n));
            }
        }
        return kept.toByteArray();
    }
}
