package dev.cortado.shim.linux;

import com.sun.jna.LastErrorException;
import java.util.Arrays;

/**
 * Writes to a fifo that never wait for its reader: the open fails at once when there is none,
 * and a write takes what the pipe has room for; and reads of a non-blocking fd that never wait
 * for its writer.
 */
final class FifoWrites {
    private static final int O_WRONLY = 1;
    private static final int O_NONBLOCK = 04000; // x86_64 and aarch64
    private static final int EINTR = 4;
    private static final int ENXIO = 6;
    private static final int EAGAIN = 11;
    private static final int EPIPE = 32;

    private final Libc libc;

    FifoWrites(Libc libc) {
        this.libc = libc;
    }

    /** Opens {@code path} O_WRONLY|O_NONBLOCK; -1 when no reader has it open (ENXIO). */
    int openWriter(String path) {
        try {
            return libc.open(path, O_WRONLY | O_NONBLOCK | LibcSyscalls.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENXIO) {
                return -1;
            }
            throw LibcSyscalls.failed("open " + path + " for writing", e.getErrorCode());
        }
    }

    /** One read(2) of at most {@code buf.length} bytes: the count, 0 at end of file, -1 when none is there yet (EAGAIN). */
    int read(int fd, byte[] buf) {
        while (true) {
            try {
                return (int) libc.read(fd, buf, buf.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EAGAIN) {
                    return -1;
                }
                if (e.getErrorCode() != EINTR) {
                    throw LibcSyscalls.failed("read fd " + fd, e.getErrorCode());
                }
            }
        }
    }

    /**
     * One write(2) of at most {@code len} bytes at {@code off}: returns how many went, 0 when the
     * pipe is full (EAGAIN), or -1 when the reader left (EPIPE).
     */
    int write(int fd, byte[] data, int off, int len) {
        byte[] chunk = off == 0 && len == data.length ? data : Arrays.copyOfRange(data, off, off + len);
        while (true) {
            try {
                return (int) libc.write(fd, chunk, len);
            } catch (LastErrorException e) {
                switch (e.getErrorCode()) {
                    case EINTR:
                        continue;
                    case EAGAIN:
                        return 0;
                    case EPIPE:
                        return -1; // the JVM ignores SIGPIPE, so write(2) reports it
                    default:
                        throw LibcSyscalls.failed("write fd " + fd, e.getErrorCode());
                }
            }
        }
    }
}
