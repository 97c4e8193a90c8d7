package dev.cortado.shim.io;

import dev.cortado.shim.loop.FdPump;
import dev.cortado.shim.loop.IoLoop;
import dev.cortado.shim.process.ContainerIo;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's stdio copied on the server's {@link IoLoop} instead of a thread per stream: each
 * output pipe pumped into its fifo or file, the stdin fifo into the process's stdin. Used when
 * the process's pipes are raw fds and no logging binary takes the output (that one keeps the
 * threads of {@link StdioCopier}).
 */
final class LoopStdio {
    private static final Logger LOG = LoggerFactory.getLogger(LoopStdio.class);

    private final IoLoop loop;
    private final ContainerIo io;
    private final List<FdPump> pumps = new ArrayList<>();
    private final List<Integer> opened = new ArrayList<>();

    private LoopStdio(IoLoop loop, ContainerIo io) {
        this.loop = loop;
        this.io = io;
    }

    /** Whether {@code paths} can be copied on the loop: no logging binary, and a stdin that is a fifo. */
    static boolean fits(ContainerIo io, StdioPaths paths) {
        return io.fds().isPresent()
                && !StdioScheme.of(paths.stdout()).logBinary()
                && !StdioScheme.of(paths.stderr()).logBinary()
                && (paths.stdin().isEmpty()
                        || StdioScheme.of(paths.stdin()) != StdioScheme.FILE && isFifo(paths.stdin()));
    }

    /**
     * Starts the pumps; {@code outputDone} completes when every output reached its end, and
     * {@code stdinClosed} runs (on a worker) once stdin's writer left.
     */
    static LoopStdio start(
            IoLoop loop, String name, ContainerIo io, StdioPaths paths, Runnable stdinClosed, Runnable outputDone)
            throws IOException {
        LoopStdio s = new LoopStdio(loop, io);
        ContainerIo.Fds fds = io.fds().orElseThrow();
        try {
            List<CompletableFuture<Void>> outputs = new ArrayList<>();
            if (!paths.stdout().isEmpty()) {
                outputs.add(s.output(name + "-stdout", fds.stdout(), paths.stdout()));
            }
            if (!paths.terminal() && !paths.stderr().isEmpty()) {
                outputs.add(s.output(name + "-stderr", fds.stderr(), paths.stderr()));
            }
            CompletableFuture.allOf(outputs.toArray(CompletableFuture[]::new)).thenRun(outputDone);
            if (!paths.stdin().isEmpty()) {
                int source = s.open(FdPump.openFifoSource(loop, paths.stdin()));
                FdPump p = FdPump.start(loop, name + "-stdin", source, fds.stdin(), FdPump.Target.SHARED_PIPE);
                s.pumps.add(p);
                p.done()
                        .thenRunAsync(
                                () -> {
                                    s.closeOpened(source);
                                    try {
                                        io.stdin().close();
                                    } catch (IOException e) {
                                        // already closed
                                    }
                                    stdinClosed.run();
                                },
                                loop.workers());
            }
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private CompletableFuture<Void> output(String name, int source, String path) throws IOException {
        int target;
        FdPump.Target kind;
        if (StdioScheme.of(path) == StdioScheme.FILE) {
            Path file = Path.of(URI.create(path));
            Files.createDirectories(file.getParent());
            target = open(FdPump.openFileTarget(loop, file.toString()));
            kind = FdPump.Target.FILE;
        } else if (isFifo(path)) {
            target = open(FdPump.openFifoTarget(loop, path));
            kind = FdPump.Target.NON_BLOCKING;
        } else {
            target = open(FdPump.openFileTarget(loop, path));
            kind = FdPump.Target.FILE;
        }
        FdPump p = FdPump.start(loop, name, source, target, kind);
        pumps.add(p);
        return p.done().thenRun(() -> closeOpened(target));
    }

    private synchronized int open(int fd) {
        opened.add(fd);
        return fd;
    }

    /** Closes an fd we opened, once; its pump was stopped first, so it is no longer in the epoll set. */
    private void closeOpened(int fd) {
        synchronized (this) {
            if (!opened.remove(Integer.valueOf(fd))) {
                return;
            }
        }
        FdPump.close(loop, fd);
    }

    /** Stops every pump, then closes our fds and the process's pipes (on the loop thread). */
    void close() {
        loop.execute(() -> {
            for (FdPump p : pumps) {
                try {
                    p.stop();
                } catch (RuntimeException e) { // one pump's failure must not leave the others' fds open
                    LOG.warn("stdio: cannot stop a pump: {}", e.getMessage());
                }
            }
            List<Integer> left;
            synchronized (this) {
                left = List.copyOf(opened);
                opened.clear();
            }
            left.forEach(fd -> FdPump.close(loop, fd));
            try {
                io.close();
            } catch (IOException e) {
                // already closed
            }
        });
    }

    private static boolean isFifo(String path) {
        try {
            Path p = Path.of(path);
            return Files.exists(p) && (((int) Files.getAttribute(p, "unix:mode") & 0170000) == 0010000);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
