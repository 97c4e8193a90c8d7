package dev.cortado.cri.logs;

import dev.cortado.cri.logs.ContainerIo.Captured;
import dev.cortado.cri.logs.Fifos.FifoStream;
import dev.cortado.errors.CortadoException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Reads one fifo to EOF on its own thread, keeping the first {@code maxBytes} and reading on
 * past them so the writer never blocks. Cancelling {@link #result} wakes the read and ends the
 * thread (an exec whose writer never came); the fifo is closed either way.
 */
final class FifoCapture implements Runnable {
    private final Path path;
    private final FifoStream fifo;
    private final int maxBytes;
    private final CompletableFuture<Captured> result = new CompletableFuture<>();

    FifoCapture(Path path, FifoStream fifo, int maxBytes) {
        this.path = path;
        this.fifo = fifo;
        this.maxBytes = maxBytes;
        result.whenComplete((r, e) -> fifo.wake());
    }

    CompletableFuture<Captured> result() {
        return result;
    }

    @Override
    public void run() {
        ByteArrayOutputStream kept = new ByteArrayOutputStream(Math.min(maxBytes, LogPump.READ_SIZE));
        boolean truncated = false;
        byte[] buf = new byte[LogPump.READ_SIZE];
        try (fifo) {
            while (true) {
                int n = fifo.read(buf);
                if (n == FifoStream.WOKEN) {
                    result.completeExceptionally(
                            CortadoException.failedPrecondition("capture of fifo %s stopped before EOF", path));
                    return;
                }
                if (n == FifoStream.EOF) {
                    result.complete(new Captured(kept.toByteArray(), truncated));
                    return;
                }
                int keep = Math.min(n, maxBytes - kept.size());
                kept.write(buf, 0, keep);
                truncated |= keep < n;
            }
        } catch (IOException | RuntimeException e) {
            result.completeExceptionally(
                    CortadoException.internal("reading fifo " + path + " failed: " + e.getMessage(), e));
        }
    }
}
