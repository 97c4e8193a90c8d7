package dev.cortado.cri.runtime;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a shim binary's {@code start} and {@code delete} as containerd 1.6 to 2.2 do
 * ({@code pkg/shim/util.go Command}, {@code core/runtime/v2/binary.go}): flags
 * {@code -namespace -address [-publish-binary] -id [-bundle]}, environment {@code GOMAXPROCS=2},
 * {@code MAX_SHIM_VERSION=2}, {@code TTRPC_ADDRESS}, {@code GRPC_ADDRESS}, {@code NAMESPACE},
 * working directory the bundle, the runtime options as a protobuf {@code Any} on stdin. The
 * shim's own log goes to the fifo {@code <bundle>/log}, which containerd's runc shim requires
 * and {@link ShimLog} drains.
 */
public final class ShimLauncher {
    private final FifoMaker fifos;
    private final Duration timeout;
    private final Map<String, String> extraEnv;

    /**
     * @param timeout how long {@code start} and {@code delete} may take
     * @param extraEnv added to every shim's environment (a handler's env, e.g. {@code CORTADO_SHIM_ROOT})
     */
    public ShimLauncher(FifoMaker fifos, Duration timeout, Map<String, String> extraEnv) {
        this.fifos = fifos;
        this.timeout = timeout;
        this.extraEnv = Map.copyOf(extraEnv);
    }

    /** A started shim: its bootstrap reply and the reader of its log fifo (close it after delete). */
    public record Started(BootstrapReply reply, ShimLog log) {}

    /**
     * Runs {@code start}. On failure the log fifo is removed again, and a shim that started but
     * printed a reply we cannot use is cleaned up with {@code delete} (best effort).
     */
    public Started start(ShimStartRequest request) {
        ShimLog log = ShimLog.open(request.bundle().resolve("log"), request.id(), fifos);
        try {
            byte[] stdin = request.options().map(TaskMessages::encodeAny).orElse(new byte[0]);
            byte[] out = run(request, List.of("-id", request.id(), "start"), stdin, "start");
            try {
                return new Started(BootstrapReply.parse(out), log);
            } catch (CortadoException e) {
                deleteQuietly(request, e);
                throw e;
            }
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    private void deleteQuietly(ShimStartRequest request, CortadoException cause) {
        try {
            delete(request);
        } catch (CortadoException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Runs {@code delete}: the shim force-cleans a task whose shim is gone and prints a protobuf
     * DeleteResponse (containerd then reports exit 255 when the shim knew nothing better).
     */
    public ExitResult delete(ShimStartRequest request) {
        byte[] out = run(
                request,
                List.of("-id", request.id(), "-bundle", request.bundle().toString(), "delete"),
                new byte[0],
                "delete");
        return TaskMessages.decodeDeleteResponse(out);
    }

    private byte[] run(ShimStartRequest r, List<String> tail, byte[] stdin, String action) {
        List<String> command =
                new ArrayList<>(List.of(r.binary().toString(), "-namespace", r.namespace(), "-address", r.address()));
        command.addAll(tail);
        ProcessBuilder pb = new ProcessBuilder(command).directory(r.bundle().toFile());
        Map<String, String> env = pb.environment();
        env.putAll(extraEnv);
        env.put("GOMAXPROCS", "2");
        env.put("MAX_SHIM_VERSION", "2");
        env.put("TTRPC_ADDRESS", r.ttrpcAddress().toString());
        env.put("GRPC_ADDRESS", r.address());
        env.put("NAMESPACE", r.namespace());
        String what = r.binary().getFileName() + " " + action + " of " + r.namespace() + "/" + r.id();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.FAILED_PRECONDITION, "cannot run " + what + ": " + e.getMessage(), e);
        }
        try {
            CompletableFuture<byte[]> out = readAll(process.getInputStream());
            CompletableFuture<byte[]> err = readAll(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // the shim exited without reading its options: its status and stderr say why
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new CortadoException(ErrorKind.DEADLINE_EXCEEDED, what + " did not finish within " + timeout);
            }
            byte[] stdout = out.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (process.exitValue() != 0) {
                String stderr = new String(err.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
                throw CortadoException.internal(
                        what + " failed with exit status " + process.exitValue() + ": "
                                + (stderr.isBlank() ? new String(stdout, StandardCharsets.UTF_8) : stderr).strip(),
                        null);
            }
            return stdout;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new CortadoException(ErrorKind.CANCELLED, what + " interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw CortadoException.internal("cannot read the output of " + what, e);
        }
    }

    private static CompletableFuture<byte[]> readAll(InputStream stream) {
        // a thread each: the common pool may have a single thread on a small machine
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (stream) {
                        result.complete(stream.readAllBytes());
                    } catch (IOException e) {
                        result.complete(new byte[0]);
                    }
                },
                "shim-output");
        reader.setDaemon(true);
        reader.start();
        return result;
    }
}
