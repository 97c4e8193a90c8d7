package dev.cortado.cri.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.cortado.cri.logs.Fifos.FifoStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One fifo's read end, opened {@code O_NONBLOCK}, with the rules that keep "no writer yet"
 * apart from EOF.
 *
 * <p>On an empty fifo with no writer, {@code read(2)} returns 0 whether a writer never came or
 * has gone; with a writer it fails {@code EAGAIN}. Linux raises {@code POLLHUP} only when no
 * writer is left and one was there at or after this open ({@code fs/pipe.c}: the open notes
 * {@code w_counter} when no writer is present and {@code pipe_poll} compares it). So 0 is EOF
 * only once a writer has been seen: by {@code POLLHUP}, by {@code EAGAIN} while it was there, or
 * by data it left. The last covers a cortado restart after the container exited: the shim's
 * spare read end kept the pipe and its bytes, no writer is left and none will come, and the
 * bytes prove one was there. An empty fifo whose writer left before this open cannot be told
 * from one whose writer is still to come: it reports EOF only once its owner, knowing the task
 * exited, calls {@link #writersGone}.
 */
final class NativeFifoStream implements FifoStream {
    private static final int POLLFD_SIZE = 8;

    private final FifoLibc libc;
    private final Path path;
    private final int fd;
    private final int wakeFd;
    /** Two {@code struct pollfd}: the fifo, then the eventfd. Only the reading thread uses it. */
    private final Memory pollFds = new Memory(2L * POLLFD_SIZE);

    private boolean writerSeen;
    private volatile boolean woken;
    private volatile boolean writersGone;

    // @GuardedBy("this")
    private boolean closed;

    NativeFifoStream(FifoLibc libc, Path path, int fd, int wakeFd) {
        this.libc = libc;
        this.path = path;
        this.fd = fd;
        this.wakeFd = wakeFd;
    }

    @Override
    public int read(byte[] buf) throws IOException {
        while (!woken) {
            long n;
            try {
                n = libc.read(fd, buf, buf.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == FifoLibc.EINTR) {
                    continue;
                }
                if (e.getErrorCode() != FifoLibc.EAGAIN) {
                    throw failure("read", path, e);
                }
                writerSeen = true;
                n = -1;
            }
            if (n > 0) {
                writerSeen = true;
                return (int) n;
            }
            if (n == 0 && (writerSeen || writersGone)) {
                return EOF;
            }
            if (n == 0 && (poll(0) & FifoLibc.POLLHUP) != 0) {
                // a writer came and went since the read: read again, for the bytes it may have
                // left (the poll reports POLLIN too then); the next 0 is EOF
                writerSeen = true;
                continue;
            }
            poll(-1);
            if ((pollFds.getShort(POLLFD_SIZE + 6) & FifoLibc.POLLIN) != 0) {
                drainWakeCounter();
            }
        }
        return WOKEN;
    }

    /** Resets the eventfd after {@link #writersGone} signalled it, so the next poll waits again. */
    private void drainWakeCounter() {
        try {
            libc.read(wakeFd, new byte[8], 8);
        } catch (LastErrorException e) {
            // EAGAIN: already reset
        }
    }

    /** Polls the fifo and the eventfd; returns the fifo's revents. */
    private int poll(int timeoutMillis) throws IOException {
        pollFds.setInt(0, fd);
        pollFds.setShort(4, FifoLibc.POLLIN);
        pollFds.setShort(6, (short) 0);
        pollFds.setInt(POLLFD_SIZE, wakeFd);
        pollFds.setShort(POLLFD_SIZE + 4, FifoLibc.POLLIN);
        pollFds.setShort(POLLFD_SIZE + 6, (short) 0);
        while (true) {
            try {
                libc.poll(pollFds, 2, timeoutMillis);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != FifoLibc.EINTR) {
                    throw failure("poll", path, e);
                }
            }
        }
        int revents = pollFds.getShort(6);
        if ((revents & (FifoLibc.POLLERR | FifoLibc.POLLNVAL)) != 0) {
            throw new IOException("poll on fifo " + path + " reported revents 0x" + Integer.toHexString(revents));
        }
        return revents;
    }

    @Override
    public void wake() {
        woken = true;
        signal();
    }

    @Override
    public void writersGone() {
        writersGone = true;
        signal();
    }

    private synchronized void signal() {
        if (!closed) {
            byte[] one = {1, 0, 0, 0, 0, 0, 0, 0}; // eventfd counts a native-endian u64; any non-zero wakes
            try {
                libc.write(wakeFd, one, one.length);
            } catch (LastErrorException e) {
                // EAGAIN: the counter is already set, the poll is woken anyway
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeQuietly(fd);
            closeQuietly(wakeFd);
        }
    }

    private void closeQuietly(int descriptor) {
        try {
            libc.close(descriptor);
        } catch (LastErrorException e) {
            // close(2) releases the descriptor even when it reports an error
        }
    }

    static IOException failure(String call, Path path, LastErrorException e) {
        return new IOException(
                call + " on fifo " + path + " failed: errno " + e.getErrorCode() + " " + e.getMessage(), e);
    }
}
