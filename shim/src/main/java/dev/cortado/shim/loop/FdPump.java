package dev.cortado.shim.loop;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.linux.LinuxSyscalls;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one stream on the {@link IoLoop}: read from {@code source} when it is readable, write
 * what was read to the target, and read again only once all of it went, so a slow reader holds
 * the process back (its pipe fills) rather than the server's memory. Completes {@link #done()} at
 * the source's end of file (or a pty's hangup). Neither fd is closed here: their owners close them
 * after {@link #stop}.
 */
public final class FdPump {
    private static final Logger LOG = LoggerFactory.getLogger(FdPump.class);
    /** At most this much goes in one write to a shared pipe after EPOLLOUT, so it cannot block (PIPE_BUF). */
    private static final int PIPE_BUF = 4096;

    private static final int O_WRONLY = 01;
    private static final int O_RDWR = 02;
    private static final int O_CREAT = 0100;
    private static final int O_APPEND = 02000;
    private static final int O_NONBLOCK = 04000;

    private final IoLoop loop;
    private final LinuxSyscalls sys;
    private final String name;
    private final int target;
    private final Target kind;
    private final IoLoop.Registration in;
    private final IoLoop.Registration out;
    private final byte[] buf = new byte[32 * 1024];
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private int start;
    private int end;

    /** How the target takes writes. */
    public enum Target {
        /** Our own non-blocking fd (a fifo we opened): writes take what fits. */
        NON_BLOCKING,
        /** A regular file: writes never wait for long, and epoll cannot watch it. */
        FILE,
        /** A blocking pipe shared with another process (a container's stdin): at most PIPE_BUF after EPOLLOUT. */
        SHARED_PIPE
    }

    private FdPump(IoLoop loop, String name, int source, int target, Target kind) {
        this.loop = loop;
        this.sys = loop.sys();
        this.name = name;
        this.target = target;
        this.kind = kind;
        this.in = loop.register(source, ev -> readable(source));
        this.out = kind == Target.FILE ? null : loop.register(target, ev -> flush());
    }

    /** Starts copying {@code source} to {@code target}; both fds stay the caller's. */
    public static FdPump start(IoLoop loop, String name, int source, int target, Target kind) {
        FdPump p = new FdPump(loop, name, source, target, kind);
        loop.execute(() -> p.in.arm(true, false));
        return p;
    }

    /** Opens a fifo to copy output into: read-write (see StdioTarget: never EPIPE, never waits for a reader), non-blocking. */
    public static int openFifoTarget(IoLoop loop, String path) {
        return loop.sys().open(path, O_RDWR | O_NONBLOCK, 0);
    }

    /** Opens a regular file to append output to, created 0644 if missing. */
    public static int openFileTarget(IoLoop loop, String path) {
        return loop.sys().open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
    }

    /** Opens a fifo to copy input from without waiting for its writer (it reads as readable only once one wrote or left). */
    public static int openFifoSource(IoLoop loop, String path) {
        return loop.sys().open(path, O_NONBLOCK, 0);
    }

    /** Closes an fd of a stopped pump. */
    public static void close(IoLoop loop, int fd) {
        loop.sys().close(fd);
    }

    /** Completes when the source reached its end and everything read was written (or the target failed). */
    public CompletableFuture<Void> done() {
        return done;
    }

    /**
     * Stops copying (on the loop thread); afterwards the caller may close both fds. Once: a pump
     * that stopped at its source's end may already have had its target closed.
     */
    public void stop() {
        if (done.isDone()) {
            return;
        }
        in.cancel();
        if (out != null) {
            out.cancel();
        }
        done.complete(null);
    }

    private void readable(int source) {
        int n;
        try {
            n = sys.read(source, buf);
        } catch (CortadoException e) {
            LOG.debug("stdio {} read: {}", name, e.getMessage());
            n = 0;
        }
        if (n <= 0) {
            stop();
            return;
        }
        start = 0;
        end = n;
        if (kind == Target.SHARED_PIPE) {
            out.arm(false, true); // a blocking write waits for room; only after EPOLLOUT it cannot
        } else {
            flush();
        }
    }

    private void flush() {
        try {
            while (start < end) {
                int w = write();
                if (w == 0) {
                    out.arm(false, true);
                    return;
                }
                if (w < 0) {
                    LOG.debug("stdio {}: reader gone, dropping {} bytes", name, end - start);
                    break;
                }
                start += w;
                if (kind == Target.SHARED_PIPE && start < end) {
                    out.arm(false, true);
                    return;
                }
            }
        } catch (CortadoException e) {
            LOG.debug("stdio {} write: {}", name, e.getMessage());
            stop();
            return;
        }
        start = 0;
        end = 0;
        if (!done.isDone()) {
            in.arm(true, false);
        }
    }

    private int write() {
        return switch (kind) {
            case NON_BLOCKING -> sys.writeNonBlocking(target, buf, start, end - start);
            case FILE -> {
                sys.write(target, java.util.Arrays.copyOfRange(buf, start, end));
                yield end - start;
            }
            case SHARED_PIPE -> {
                int len = Math.min(PIPE_BUF, end - start);
                sys.write(target, java.util.Arrays.copyOfRange(buf, start, start + len));
                yield len;
            }
        };
    }
}
