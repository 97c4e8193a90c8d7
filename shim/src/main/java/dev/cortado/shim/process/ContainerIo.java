package dev.cortado.shim.process;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The container's stdio as this JVM's streams: our copies of the pipe ends the monitor
 * holds. Closing them does not close the monitor's ends, so output is never lost.
 */
public final class ContainerIo implements Closeable {
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final Fds fds;

    ContainerIo(OutputStream stdin, InputStream stdout, InputStream stderr) {
        this(stdin, stdout, stderr, null);
    }

    private ContainerIo(OutputStream stdin, InputStream stdout, InputStream stderr, Fds fds) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.fds = fds;
    }

    /**
     * The raw fds under the streams (the monitor's pipes), for copying on an event loop; empty for
     * streams that have none. They stay owned by the streams: close them through {@link #close}.
     */
    public java.util.Optional<Fds> fds() {
        return java.util.Optional.ofNullable(fds);
    }

    /** The container's stdin (write end), stdout and stderr (read ends) as fds; for a pty, the master twice and -1. */
    public record Fds(int stdin, int stdout, int stderr) {}

    /** Streams already open elsewhere (a fake process in tests, a pty copy). */
    public static ContainerIo of(OutputStream stdin, InputStream stdout, InputStream stderr) {
        return new ContainerIo(stdin, stdout, stderr);
    }

    /** Wraps the stdin, stdout and stderr fds received from the monitor; the streams own them. */
    static ContainerIo fromFds(dev.cortado.shim.linux.LinuxSyscalls sys, int stdinFd, int stdoutFd, int stderrFd) {
        return new ContainerIo(
                FdStreams.output(sys, stdinFd),
                FdStreams.input(sys, stdoutFd),
                FdStreams.input(sys, stderrFd),
                new Fds(stdinFd, stdoutFd, stderrFd));
    }

    public OutputStream stdin() {
        return stdin;
    }

    public InputStream stdout() {
        return stdout;
    }

    public InputStream stderr() {
        return stderr;
    }

    @Override
    public void close() throws IOException {
        try (stdin;
                stdout;
                stderr) {
            // closes all three, keeping the first failure
        }
    }
}
