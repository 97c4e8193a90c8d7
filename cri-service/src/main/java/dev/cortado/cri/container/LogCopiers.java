package dev.cortado.cri.container;

import dev.cortado.cri.logs.ContainerIo;
import dev.cortado.cri.logs.ContainerIo.LogCopier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running log copiers, one per container whose process may still write. */
final class LogCopiers {
    private static final Logger LOG = LoggerFactory.getLogger(LogCopiers.class);

    private final ContainerIo io;
    private final ContainerDirs dirs;
    private final ConcurrentHashMap<String, LogCopier> copiers = new ConcurrentHashMap<>();

    LogCopiers(ContainerIo io, ContainerDirs dirs) {
        this.io = io;
        this.dirs = dirs;
    }

    /** Starts copying the container's fifos into its log (a TTY container has no stderr fifo). */
    void start(Container c) {
        Optional<Path> stderr = c.config().getTty() ? Optional.empty() : Optional.of(dirs.io(c.id(), "stderr"));
        Optional<Path> log = c.logPath().isEmpty() ? Optional.empty() : Optional.of(Path.of(c.logPath()));
        LogCopier copier = io.copyToLog(c.id(), dirs.io(c.id(), "stdout"), stderr, log);
        LogCopier old = copiers.put(c.id(), copier);
        if (old != null) {
            old.close();
        }
    }

    Optional<LogCopier> get(String id) {
        return Optional.ofNullable(copiers.get(id));
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

    /** Stops and forgets the copier; idempotent. */
    void close(String id) {
        LogCopier copier = copiers.remove(id);
        if (copier != null) {
            copier.close();
        }
    }
}
