package dev.cortado.shim.io;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * A running containerd logging binary ({@code binary:///path?key=value}, started by {@link
 * LogBinaryLauncher}) and the two pipes that feed it: the container's stdout goes to its fd 3,
 * stderr to its fd 4. Closing ends it as containerd does.
 */
public final class LogBinary implements LogSink {
    /** How long a binary has to exit after SIGTERM before it is killed (containerd: 12 s). */
    static final long TERM_GRACE_SECONDS = 12;

    private final Process process;
    private final OutputStream stdout;
    private final OutputStream stderr;

    LogBinary(Process process, OutputStream stdout, OutputStream stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Where the container's stdout goes (the binary's fd 3). */
    @Override
    public OutputStream stdout() {
        return stdout;
    }

    /** Where the container's stderr goes (the binary's fd 4). */
    @Override
    public OutputStream stderr() {
        return stderr;
    }

    /** The binary's pid. */
    public long pid() {
        return process.pid();
    }

    /** Closes its pipes, sends SIGTERM, and kills it if it has not exited within the grace period. */
    @Override
    public void close() {
        closeQuietly(stdout);
        closeQuietly(stderr);
        process.destroy();
        try {
            if (!process.waitFor(TERM_GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
