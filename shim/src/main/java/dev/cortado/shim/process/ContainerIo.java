package dev.cortado.shim.process;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
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

    ContainerIo(OutputStream stdin, InputStream stdout, InputStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Wraps pipe fds received from the monitor by reopening them through /proc/self/fd.
     * (Buffered: JDK 17's FileInputStream.readAllBytes seeks, which a pipe refuses.)
     */
    static ContainerIo fromFds(int stdinFd, int stdoutFd, int stderrFd) throws IOException {
        return new ContainerIo(new FileOutputStream("/proc/self/fd/" + stdinFd),
                new BufferedInputStream(new FileInputStream("/proc/self/fd/" + stdoutFd)),
                new BufferedInputStream(new FileInputStream("/proc/self/fd/" + stderrFd)));
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
        try (stdin; stdout; stderr) {
            // closes all three, keeping the first failure
        }
    }
}
