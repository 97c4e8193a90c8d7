package dev.cortado.shim.task;

import dev.cortado.shim.events.EventSink;
import dev.cortado.shim.events.TaskEvent;
import dev.cortado.shim.io.LogSinks;
import dev.cortado.shim.io.StdioCopier;
import dev.cortado.shim.process.ExitStatus;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches a process's stdio and waits for its exit on a daemon thread, then publishes
 * TaskExit (after the last output was copied, at most 2 s, as the runc shim waits for its io).
 */
final class ProcessWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessWatcher.class);
    /** What containerd reports when a process's exit status is unknown. */
    static final int UNKNOWN_EXIT = 255;

    private final EventSink events;
    private final LogSinks logs;
    private final TaskCgroups cgroups;

    /** A watcher for exec processes only. */
    ProcessWatcher(EventSink events, LogSinks logs) {
        this(events, logs, null);
    }

    /** A watcher that, when an init process exits, kills what it left in its cgroup (see {@link ContainerCgroup}). */
    ProcessWatcher(EventSink events, LogSinks logs, TaskCgroups cgroups) {
        this.events = events;
        this.logs = logs;
        this.cgroups = cgroups;
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
        p.copier(StdioCopier.start(name, control.stdio(), p.stdio(), closeStdin,
                uri -> logs.open(uri, logId, task.key().namespace(), task.stateDir())));
    }

    /** Starts the thread that waits for the process to exit. */
    void watch(Task task, TaskProcess p) {
        Thread t = new Thread(() -> awaitExit(task, p), "exit-" + task.key().id() + "-" + p.execId());
        t.setDaemon(true);
        t.start();
    }

    private void awaitExit(Task task, TaskProcess p) {
        ExitStatus status;
        try {
            status = p.control().waitForExit();
        } catch (RuntimeException e) {
            LOG.warn("monitor of {} {} lost: {}", task.key(), p.execId(), e.toString());
            status = new ExitStatus(UNKNOWN_EXIT, Instant.now());
        }
        if (cgroups != null && p.execId().isEmpty()) {
            // before TaskExit, as containerd's runc shim: no process outlives a hostPID init
            ContainerCgroup.killLeftovers(cgroups, task.spec(), task.key());
        }
        p.copier().ifPresent(c -> c.awaitOutput(2000));
        ExitStatus exit = status;
        String id = p.execId().isEmpty() ? task.key().id() : p.execId();
        p.markExited(exit, () -> events.publish(task.key().namespace(),
                new TaskEvent.Exited(task.key().id(), id, p.pid(), exit.code(), exit.exitedAt())));
    }

    /** Closes the process's stdio copies after waiting up to 2 s for the last output. */
    static void detach(TaskProcess p) {
        p.copier().ifPresent(c -> {
            c.awaitOutput(2000);
            c.close();
        });
    }
}
