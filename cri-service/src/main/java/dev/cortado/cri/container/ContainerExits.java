package dev.cortado.cri.container;

import dev.cortado.cri.runtime.EventDispatcher;
import dev.cortado.cri.runtime.TaskEvent;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns exits into EXITED records, as containerd's {@code handleContainerExit}: the task is
 * deleted (the shim lets go of the fifos), the log copy drains (bounded), then the exit code,
 * finish time and reason ({@code Completed} for 0, {@code OOMKilled} after a TaskOOM, else
 * {@code Error}) are persisted and STOPPED is published. Exit events are handled off the task
 * event thread (a stop may hold the container's lock for its whole grace period) and are
 * idempotent: a duplicate or recovered exit of an EXITED container changes nothing.
 */
final class ContainerExits implements AutoCloseable {
    static final String COMPLETED = "Completed";
    static final String ERROR = "Error";
    static final String OOM_KILLED = "OOMKilled";
    static final String UNKNOWN = "Unknown";
    /** containerd's {@code unknownExitCode}: the exit of a container whose task was lost. */
    static final int UNKNOWN_EXIT_CODE = 255;

    private static final Logger LOG = LoggerFactory.getLogger(ContainerExits.class);

    private final ContainerParts parts;
    private final ContainerRecords records;
    private final ContainerDirs dirs;
    private final LogCopiers copiers;
    private final KeyedLocks locks;
    private final EventDispatcher<ContainerEvent> events;
    private final Set<String> oomSeen = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "container-exits");
        t.setDaemon(true);
        return t;
    });

    ContainerExits(
            ContainerParts parts,
            ContainerRecords records,
            ContainerDirs dirs,
            LogCopiers copiers,
            KeyedLocks locks,
            EventDispatcher<ContainerEvent> events) {
        this.parts = parts;
        this.records = records;
        this.dirs = dirs;
        this.copiers = copiers;
        this.locks = locks;
        this.events = events;
    }

    /** The task event subscriber: init exits and OOMs; exec exits are ExecSync's own business. */
    void onTaskEvent(TaskEvent event) {
        if (event instanceof TaskEvent.Oom oom) {
            oomSeen.add(oom.containerId());
            workers.execute(() -> oomAfterExit(oom.containerId()));
        } else if (event instanceof TaskEvent.Exited exit && exit.id().equals(exit.containerId())) {
            workers.execute(() -> handleExit(exit));
        }
    }

    private void handleExit(TaskEvent.Exited exit) {
        try {
            locks.run(
                    exit.containerId(),
                    () -> records.get(exit.containerId())
                            .filter(c -> c.state() != ContainerState.EXITED)
                            .ifPresent(c -> markExited(
                                    c, exit.exitStatus(), Times.exitNanos(exit.exitedAt(), parts.clock()), "", "")));
        } catch (RuntimeException e) {
            LOG.warn("container {}: cannot record its exit {}", exit.containerId(), exit.exitStatus(), e);
        }
    }

    /** A TaskOOM that came after the exit was recorded still makes the reason OOMKilled (containerd does so). */
    private void oomAfterExit(String id) {
        try {
            locks.run(
                    id,
                    () -> records.get(id)
                            .filter(c -> c.state() == ContainerState.EXITED
                                    && !c.status().reason().equals(OOM_KILLED))
                            .ifPresent(c -> records.save(c.withStatus(withReason(c.status(), OOM_KILLED)))));
        } catch (RuntimeException e) {
            LOG.warn("container {}: cannot record its OOM kill", id, e);
        }
    }

    /**
     * Records the exit; the caller holds the container's lock. Deletes the task, drains and closes
     * the log copy, unmounts the rootfs (each best effort), persists EXITED, publishes STOPPED.
     *
     * @param reason empty to derive it from the code and a seen OOM
     */
    Container markExited(Container c, int exitCode, long finishedAtNanos, String reason, String message) {
        try {
            TaskCalls.deleteQuietly(parts.tasks(), c.id(), "");
        } catch (RuntimeException e) {
            LOG.warn("container {}: cannot delete its exited task", c.id(), e);
        }
        copiers.drain(c.id(), parts.drainTimeout());
        String why =
                !reason.isEmpty() ? reason : oomSeen.contains(c.id()) ? OOM_KILLED : exitCode == 0 ? COMPLETED : ERROR;
        ContainerStatus s = c.status();
        Container exited = records.save(c.withStatus(new ContainerStatus(
                ContainerState.EXITED,
                s.createdAtNanos(),
                s.startedAtNanos(),
                finishedAtNanos,
                exitCode,
                why,
                message,
                0)));
        copiers.close(c.id());
        unmountQuietly(c.id());
        events.publish(new ContainerEvent(ContainerEvent.Type.STOPPED, c.id(), c.sandboxId(), finishedAtNanos));
        LOG.info("container {} exited with {} ({})", c.id(), exitCode, why);
        return exited;
    }

    void unmountQuietly(String id) {
        try {
            parts.mounter().unmount(dirs.rootfs(id));
        } catch (IOException e) {
            LOG.warn("container {}: cannot unmount its rootfs: {}", id, e.getMessage(), e);
        }
    }

    /** Forgets a removed container's OOM mark. */
    void forget(String id) {
        oomSeen.remove(id);
    }

    private static ContainerStatus withReason(ContainerStatus s, String reason) {
        return new ContainerStatus(
                s.state(),
                s.createdAtNanos(),
                s.startedAtNanos(),
                s.finishedAtNanos(),
                s.exitCode(),
                reason,
                s.message(),
                s.pid());
    }

    @Override
    public void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
