package dev.cortado.shim.io;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An attachable fifo that gets a process's output only while someone reads it, and never makes
 * the process wait. Without a reader the non-blocking open fails (ENXIO) and is tried again with
 * a later chunk, at most every {@link #RETRY_NANOS} (output is the hot path: no open(2) per
 * chunk); a reader that left (EPIPE) is let go; a reader a full pipe (64 KiB) behind loses what
 * does not fit.
 */
final class AttachFifo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AttachFifo.class);

    private final FifoWriters fifos;
    private final Path path;
    private int fd = -1;
    private boolean closed;
    private boolean failing;
    /** When the last open found no reader; none is tried again before RETRY_NANOS. */
    private long lastTry;

    private boolean tried;
    static final long RETRY_NANOS = 50_000_000L;

    AttachFifo(FifoWriters fifos, Path path) {
        this.fifos = fifos;
        this.path = path;
    }

    /** Writes as much of {@code len} bytes at {@code off} as an attached reader takes now. */
    synchronized void offer(byte[] data, int off, int len) {
        try {
            if (closed || len == 0 || !connected()) {
                return;
            }
            for (int done = 0; done < len; ) {
                int n = fifos.write(fd, data, off + done, len - done);
                if (n < 0) {
                    disconnect(); // the reader left
                    return;
                }
                if (n == 0) {
                    LOG.trace("{}: reader is behind, {} bytes dropped", path, len - done);
                    return;
                }
                done += n;
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.debug("{}: {}", path, e.toString()); // e.g. the fifo was removed; tried again next chunk
            }
            failing = true;
            disconnect();
        }
    }

    private boolean connected() {
        if (fd < 0) {
            long now = System.nanoTime();
            if (tried && now - lastTry < RETRY_NANOS) {
                return false;
            }
            tried = true;
            lastTry = now;
            fd = fifos.openWriter(path.toString());
        }
        return fd >= 0;
    }

    private void disconnect() {
        if (fd >= 0) {
            fifos.close(fd);
            fd = -1;
        }
    }

    /** Stops writing; a reader sees end of file. */
    @Override
    public synchronized void close() {
        closed = true;
        disconnect();
    }
}
