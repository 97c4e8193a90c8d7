package dev.cortado.cri.container;

import dev.cortado.cri.logs.ContainerIo;
import dev.cortado.cri.logs.ContainerIo.LogCopier;
import dev.cortado.cri.logs.Fifos.FifoSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running log copiers, one per container whose process may still write, and the write end
 * of the stdin fifo of each container created with {@code stdin}, held until it ends or, for
 * {@code stdin_once}, until its first attacher's stdin ends (containerd's CRI {@code ContainerIO}
 * keeps it so: the container sees EOF only then, not whenever an attacher leaves).
 */
final class LogCopiers {
    private static final Logger LOG = LoggerFactory.getLogger(LogCopiers.class);

    private final ContainerIo io;
    private final ContainerDirs dirs;
    private final ConcurrentHashMap<String, LogCopier> copiers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, FifoSink> stdins = new ConcurrentHashMap<>();

    LogCopiers(ContainerIo io, ContainerDirs dirs) {
        this.io = io;
        this.dirs = dirs;
    }

    /**
     * Starts copying the container's fifos into its log (a TTY container has no stderr fifo) and
     * opens its stdin fifo when it has one. On failure nothing is left open.
     */
    void start(Container c) {
        Optional<Path> stderr = c.config().getTty() ? Optional.empty() : Optional.of(dirs.io(c.id(), "stderr"));
        Optional<Path> log = c.logPath().isEmpty() ? Optional.empty() : Optional.of(Path.of(c.logPath()));
        FifoSink stdin = c.config().getStdin() ? io.openStdin(c.id(), dirs.io(c.id(), "stdin")) : null;
        LogCopier copier;
        try {
            copier = io.copyToLog(c.id(), dirs.io(c.id(), "stdout"), stderr, log);
        } catch (RuntimeException e) {
            if (stdin != null) {
                stdin.close();
            }
            throw e;
        }
        LogCopier old = copiers.put(c.id(), copier);
        if (old != null) {
            old.close();
        }
        FifoSink oldStdin = stdin == null ? stdins.remove(c.id()) : stdins.put(c.id(), stdin);
        if (oldStdin != null) {
            oldStdin.close();
        }
    }

    Optional<LogCopier> get(String id) {
        return Optional.ofNullable(copiers.get(id));
    }

    /** The open write end of the container's stdin; empty without stdin, or once it was closed. */
    Optional<FifoSink> stdin(String id) {
        return Optional.ofNullable(stdins.get(id));
    }

    /** Closes the container's stdin for good ({@code stdin_once}): its process sees EOF. Idempotent. */
    void closeStdin(String id) {
        FifoSink sink = stdins.remove(id);
        if (sink != null) {
            sink.close();
        }
    }

    /**
     * Waits (bounded) until the copier took everything the exited process wrote. The caller has
     * deleted the task, so the shim holds no write end any more: the copier is told, which ends a
     * stream whose writer left before a restarted cortado opened it (no POLLHUP ever comes then).
     */
    void drain(String id, Duration timeout) {
        LogCopier copier = copiers.get(id);
        if (copier != null) {
            copier.taskExited();
        }
        if (copier != null && !copier.awaitDrained(timeout)) {
            LOG.warn("container {}: log output not drained within {}; closing the copier anyway", id, timeout);
        }
    }

    /** Stops and forgets the copier and the stdin; idempotent. */
    void close(String id) {
        closeStdin(id);
        LogCopier copier = copiers.remove(id);
        if (copier != null) {
            copier.close();
        }
    }
}
