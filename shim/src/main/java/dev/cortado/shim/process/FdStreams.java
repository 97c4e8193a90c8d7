package dev.cortado.shim.process;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.linux.LinuxSyscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Streams over raw fds received from a monitor. The fds are used as they are: reopening
 * them through /proc/self/fd would open a new pty when the fd is a pty master.
 */
final class FdStreams {
    private FdStreams() {}

    /** An input stream that owns {@code fd}; a pty hangup (EIO) reads as end of file. */
    static InputStream input(LinuxSyscalls sys, int fd) {
        return new InputStream() {
            private boolean closed;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                byte[] buf = new byte[Math.min(len, 65536)];
                int n = call(() -> sys.read(fd, buf));
                if (n <= 0) {
                    return -1;
                }
                System.arraycopy(buf, 0, b, off, n);
                return n;
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    sys.close(fd);
                }
            }
        };
    }

    /** An output stream that owns {@code fd}. */
    static OutputStream output(LinuxSyscalls sys, int fd) {
        return new OutputStream() {
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                byte[] data = Arrays.copyOfRange(b, off, off + len);
                call(() -> {
                    sys.write(fd, data);
                    return 0;
                });
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    sys.close(fd);
                }
            }
        };
    }

    private interface Call {
        int run();
    }

    private static int call(Call call) throws IOException {
        try {
            return call.run();
        } catch (CortadoException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
