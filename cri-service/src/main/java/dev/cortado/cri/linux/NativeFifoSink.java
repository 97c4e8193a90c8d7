package dev.cortado.cri.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.cortado.cri.logs.Fifos.FifoSink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One fifo's write end, opened {@code O_RDWR|O_NONBLOCK}: a full pipe answers {@code EAGAIN}
 * and the writer waits in {@code poll(2)} for {@code POLLOUT} in slices of {@link #SLICE_MILLIS},
 * checking between them for its thread's interrupt and for {@link #close}, so a writer whose
 * reader stopped reading (a container that never reads its stdin) can always be stopped. Writes
 * of several threads are serialized; {@link #close} waits for a running one to leave the fd.
 */
final class NativeFifoSink implements FifoSink {
    static final int SLICE_MILLIS = 100;

    private final FifoLibc libc;
    private final Path path;
    private final int fd;
    /** One {@code struct pollfd}; used under the lock only. */
    private final Memory pollFd = new Memory(8);

    private final Object lock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();

    NativeFifoSink(FifoLibc libc, Path path, int fd) {
        this.libc = libc;
        this.path = path;
        this.fd = fd;
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        int done = 0;
        synchronized (lock) {
            while (done < len) {
                check();
                long n;
                try {
                    // JNA passes an array from its start: a copy of what is left
                    n = libc.write(
                            fd, off + done == 0 ? buf : Arrays.copyOfRange(buf, off + done, off + len), len - done);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == FifoLibc.EAGAIN || e.getErrorCode() == FifoLibc.EINTR) {
                        awaitRoom();
                        continue;
                    }
                    throw NativeFifoStream.failure("write", path, e);
                }
                done += (int) n;
            }
        }
    }

    private void check() throws IOException {
        if (closed.get()) {
            throw new IOException("fifo " + path + " is closed");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted while writing to fifo " + path);
        }
    }

    private void awaitRoom() throws IOException {
        pollFd.setInt(0, fd);
        pollFd.setShort(4, FifoLibc.POLLOUT);
        pollFd.setShort(6, (short) 0);
        try {
            libc.poll(pollFd, 1, SLICE_MILLIS);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != FifoLibc.EINTR) {
                throw NativeFifoStream.failure("poll", path, e);
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (lock) { // a writer waiting for room sees closed within one slice
            try {
                libc.close(fd);
            } catch (LastErrorException e) {
                // close(2) releases the descriptor even when it reports an error
            }
        }
    }
}
