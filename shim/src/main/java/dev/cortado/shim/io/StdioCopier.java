package dev.cortado.shim.io;

import dev.cortado.shim.loop.IoLoop;
import dev.cortado.shim.process.ContainerIo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a process's stdio to and from containerd's paths: on the server's event loop
 * ({@link LoopStdio}), or on daemon threads, one per stream (logging binaries, streams without fds).
 * Output copies end at EOF (the process and everything holding its pipe exited); {@link
 * #awaitOutput} lets Delete wait for the last bytes, as the runc shim waits up to 2 s.
 */
public final class StdioCopier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StdioCopier.class);

    private final ContainerIo io;
    private final CountDownLatch outputDone;
    private final List<Thread> threads = new ArrayList<>();
    private final CompletableFuture<Void> outputs = new CompletableFuture<>();
    private volatile LogSink logSink;
    private volatile LoopStdio loopStdio;
    private volatile OutputStream stdinSpare;

    private StdioCopier(ContainerIo io, int outputs) {
        this.io = io;
        this.outputDone = new CountDownLatch(outputs);
    }

    /**
     * Starts copying. Without a stdin path the process's stdin is closed at once through
     * {@code closeStdin} (so it sees EOF). A stdin fifo gets a write end of the shim's own, as
     * containerd's runc shim opens one ({@code openStdin} of its init process): the process sees
     * EOF only after {@link #closeStdinSpare} (CloseIO) and its clients' ends are closed, never
     * merely because a client (an attacher, a restarted cortado) closed its end; a terminal has only one output, the pty master. A
     * {@code binary://} or {@code attachablebinary://} stdout or stderr goes to the one logger that
     * {@code logs} starts (and that is ready when this returns), as containerd runs one per process.
     */
    public static StdioCopier start(
            String name, ContainerIo io, StdioPaths paths, Runnable closeStdin, Function<String, LogSink> logs) {
        return start(name, io, paths, closeStdin, logs, null);
    }

    /**
     * As {@link #start(String, ContainerIo, StdioPaths, Runnable, Function)}, copying on {@code loop}
     * (no thread per stream) whenever the pipes are raw fds and no logging binary takes the output.
     */
    public static StdioCopier start(
            String name,
            ContainerIo io,
            StdioPaths paths,
            Runnable closeStdin,
            Function<String, LogSink> logs,
            IoLoop loop) {
        if (loop != null && LoopStdio.fits(io, paths)) {
            StdioCopier copier = new StdioCopier(io, 1);
            if (paths.stdin().isEmpty()) {
                closeQuietly(io.stdin());
                closeStdin.run();
            } else {
                copier.openStdinSpare(name, paths.stdin());
            }
            try {
                copier.loopStdio = LoopStdio.start(loop, name, io, paths, closeStdin, copier::outputEnded);
            } catch (IOException | RuntimeException e) {
                LOG.warn("stdio {} not copied: {}", name, e.toString());
                copier.outputEnded();
            }
            return copier;
        }
        boolean stderr = !paths.terminal() && !paths.stderr().isEmpty();
        boolean stdout = !paths.stdout().isEmpty();
        StdioCopier copier = new StdioCopier(io, (stdout ? 1 : 0) + (stderr ? 1 : 0));
        String binaryUri =
                isLogBinary(paths.stdout()) ? paths.stdout() : isLogBinary(paths.stderr()) ? paths.stderr() : null;
        if (binaryUri != null) {
            copier.logSink = logs.apply(binaryUri);
        }
        if (stdout) {
            copier.output(name + "-stdout", io.stdout(), () -> copier.open(paths.stdout(), LogSink::stdout));
        }
        if (stderr) {
            copier.output(name + "-stderr", io.stderr(), () -> copier.open(paths.stderr(), LogSink::stderr));
        }
        if (paths.stdin().isEmpty()) {
            closeQuietly(io.stdin());
            closeStdin.run();
        } else {
            copier.openStdinSpare(name, paths.stdin());
            copier.thread(name + "-stdin", () -> {
                try (InputStream in = StdioTarget.openInput(paths.stdin())) {
                    in.transferTo(io.stdin());
                } finally {
                    closeQuietly(io.stdin());
                    closeStdin.run();
                }
            });
        }
        return copier;
    }

    private void openStdinSpare(String name, String stdin) {
        try {
            stdinSpare = StdioTarget.openSpareWriter(stdin);
        } catch (IOException e) {
            LOG.warn(
                    "stdio {}: no spare write end for stdin {}: its clients' closing is its EOF: {}",
                    name,
                    stdin,
                    e.toString());
        }
    }

    /** CloseIO: closes the shim's own stdin write end, so EOF comes once the clients' ends are closed too. */
    public void closeStdinSpare() {
        OutputStream spare = stdinSpare;
        stdinSpare = null;
        if (spare != null) {
            closeQuietly(spare);
        }
    }

    private OutputStream open(String path, Function<LogSink, OutputStream> logStream) throws IOException {
        return isLogBinary(path) ? logStream.apply(logSink) : StdioTarget.openOutput(path);
    }

    private static boolean isLogBinary(String path) {
        return StdioScheme.of(path).logBinary();
    }

    private void output(String name, InputStream from, OutputOpener opener) {
        thread(name, () -> {
            try (OutputStream out = opener.open()) {
                byte[] buf = new byte[32 * 1024];
                int n;
                while ((n = from.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } finally {
                outputEnded();
            }
        });
    }

    private void thread(String name, IoTask task) {
        Thread t = new Thread(
                () -> {
                    try {
                        task.run();
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("stdio {} ended: {}", name, e.toString());
                    }
                },
                "stdio-" + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void outputEnded() {
        outputDone.countDown();
        if (outputDone.getCount() == 0) {
            outputs.complete(null);
        }
    }

    /** Completes when every output stream reached EOF. */
    public CompletableFuture<Void> outputs() {
        if (outputDone.getCount() == 0) {
            outputs.complete(null);
        }
        return outputs;
    }

    /** Waits until every output stream reached EOF, at most {@code millis}. */
    public boolean awaitOutput(long millis) {
        try {
            return outputDone.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Closes this JVM's copies of the pipes, which ends the copies, then ends the logger. */
    @Override
    public void close() {
        closeStdinSpare();
        LoopStdio s = loopStdio;
        if (s != null) {
            s.close();
            return;
        }
        try {
            io.close();
        } catch (IOException e) {
            LOG.debug("close stdio: {}", e.toString());
        }
        LogSink log = logSink;
        if (log != null) {
            log.close();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // already closed
        }
    }

    private interface OutputOpener {
        OutputStream open() throws IOException;
    }

    private interface IoTask {
        void run() throws IOException;
    }
}
