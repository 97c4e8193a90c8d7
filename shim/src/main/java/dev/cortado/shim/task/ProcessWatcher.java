package dev.cortado.shim.task;

import dev.cortado.shim.events.EventSink;
import dev.cortado.shim.events.TaskEvent;
import dev.cortado.shim.io.LogSinks;
import dev.cortado.shim.io.StdioCopier;
import dev.cortado.shim.loop.IoLoop;
import dev.cortado.shim.process.ExitStatus;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches a process's stdio and waits for its exit, then publishes TaskExit (after the last
 * output was copied, at most 2 s, as the runc shim waits for its io) once: a delivered exit is
 * recorded ({@link PublishedExits}) so a restarted server does not publish it again.
 */
final class ProcessWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessWatcher.class);
    /** What containerd reports when a process's exit status is unknown. */
    static final int UNKNOWN_EXIT = 255;

    private final EventSink events;
    private final LogSinks logs;
    private final TaskCgroups cgroups;
    private final PublishedExits published;

    /** A watcher for exec processes only. */
    ProcessWatcher(EventSink events, LogSinks logs, TaskStore store) {
        this(events, logs, null, store);
    }

    /**
     * A watcher that, when an init process exits, kills what it left in its cgroup (see {@link
     * ContainerCgroup}); {@code store} keeps which exits were published (null: none kept).
     */
    ProcessWatcher(EventSink events, LogSinks logs, TaskCgroups cgroups, TaskStore store) {
        this.events = events;
        this.logs = logs;
        this.cgroups = cgroups;
        this.published = store == null ? null : new PublishedExits(store);
    }

    /** Connects the process's pipes to its stdio paths. */
    void attach(Task task, TaskProcess p) {
        ProcessControl control = p.control();
        Runnable closeStdin = () -> {
            try {
                control.closeStdin();
            } catch (RuntimeException e) {
                LOG.debug("close stdin of {}: {}", task.key(), e.toString());
            }
        };
        String name = task.key().id() + (p.execId().isEmpty() ? "" : "-" + p.execId());
        String logId = p.execId().isEmpty() ? task.key().id() : p.execId();
        p.copier(StdioCopier.start(
                name,
                control.stdio(),
                p.stdio(),
                closeStdin,
                uri -> logs.open(uri, logId, task.key().namespace(), task.stateDir()),
                logs.loop().orElse(null)));
    }

    /**
     * Waits for the process to exit without a thread of its own (on the server's event loop),
     * then, on a worker: kills a hostPID init's leftovers, waits up to 2 s for the last output,
     * and publishes TaskExit.
     */
    void watch(Task task, TaskProcess p) {
        if (published != null) {
            // its exit, published after a restart, then names it as containerd knows it
            published.rememberPid(task.key(), p.execId(), p.pid());
        }
        CompletableFuture<ExitStatus> exit;
        try {
            exit = p.control().exitAsync();
        } catch (RuntimeException e) {
            exit = CompletableFuture.failedFuture(e);
        }
        Executor worker = logs.loop().map(IoLoop::workers).orElse(Runnable::run);
        exit.handleAsync((status, e) -> exited(task, p, status, e), worker)
                .thenCompose(status -> p.copier()
                        .map(c -> c.outputs().copy().completeOnTimeout(null, 2, TimeUnit.SECONDS))
                        .orElse(CompletableFuture.completedFuture(null))
                        .thenApply(v -> status))
                .thenAcceptAsync(status -> publish(task, p, status), worker);
    }

    /** Adopts a process whose exit containerd already has: stopped with that status, published no more. */
    boolean adoptPublished(Task task, TaskProcess p) {
        var exit = published == null ? java.util.Optional.<ExitStatus>empty() : published.of(task.key(), p.execId());
        exit.ifPresent(status -> p.markExited(status, () -> {}));
        return exit.isPresent();
    }

    private ExitStatus exited(Task task, TaskProcess p, ExitStatus status, Throwable e) {
        if (status == null) {
            LOG.warn("monitor of {} {} lost: {}", task.key(), p.execId(), e.toString());
            status = new ExitStatus(UNKNOWN_EXIT, Instant.now());
        }
        if (cgroups != null && p.execId().isEmpty()) {
            // before TaskExit, as containerd's runc shim: no process outlives a hostPID init
            ContainerCgroup.killLeftovers(cgroups, task.spec(), task.key());
        }
        return status;
    }

    private void publish(Task task, TaskProcess p, ExitStatus exit) {
        String id = p.execId().isEmpty() ? task.key().id() : p.execId();
        p.markExited(
                exit,
                () -> events.publish(
                        task.key().namespace(),
                        new TaskEvent.Exited(task.key().id(), id, p.pid(), exit.code(), exit.exitedAt()),
                        () -> {
                            if (published != null) {
                                published.record(task.key(), p.execId(), exit);
                            }
                        }));
    }

    /** Closes the process's stdio copies after waiting up to 2 s for the last output. */
    static void detach(TaskProcess p) {
        p.copier().ifPresent(c -> {
            c.awaitOutput(2000);
            c.close();
        });
    }
}
