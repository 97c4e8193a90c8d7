package dev.cortado.shim.task;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.events.EventSink;
import dev.cortado.shim.events.TaskEvent;
import dev.cortado.shim.io.LogSinks;
import dev.cortado.shim.io.StdioCopier;
import dev.cortado.shim.io.StdioPaths;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.SpecReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What is done to the processes of a created task: exec, kill, close stdin, resize. */
public final class ProcessOperations {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessOperations.class);

    private final TaskRegistry registry;
    private final TaskStore store;
    private final ProcessFactory processes;
    private final EventSink events;
    private final ProcessWatcher watcher;
    private final TaskCgroups cgroups;
    private final SpecReader specs = SpecReader.forNewProcesses();

    public ProcessOperations(
            TaskRegistry registry,
            TaskStore store,
            ProcessFactory processes,
            TaskCgroups cgroups,
            EventSink events,
            LogSinks logs) {
        this.registry = registry;
        this.cgroups = cgroups;
        this.store = store;
        this.processes = processes;
        this.events = events;
        this.watcher = new ProcessWatcher(events, logs, store);
    }

    /** Creates an exec process from its OCI process JSON; it waits for Start. */
    public void exec(TaskKey key, String execId, StdioPaths stdio, String processJson) {
        Task task = registry.get(key);
        if (execId == null || execId.isEmpty()) {
            throw CortadoException.invalidArgument("exec id required for task %s", key);
        }
        Lifecycle state = task.init().state();
        if (state != Lifecycle.RUNNING) {
            throw CortadoException.failedPrecondition("cannot exec in task %s: it is %s", key, state.label());
        }
        stdio.requireSupported();
        ProcessSpec spec = specs.parseProcess(processJson);
        task.reserveExec(execId); // before anything is made: a duplicate touches nothing
        ProcessControl control = null;
        TaskProcess p = null;
        boolean added = false;
        try {
            control = processes.exec(
                    execId,
                    task.spec(),
                    task.init().control(),
                    spec,
                    store.processDir(key, execId),
                    task.options().launch(key.id()));
            p = new TaskProcess(
                    execId, control, stdio, Lifecycle.CREATED, control.state().pid());
            task.addExec(p);
            added = true;
            store.save(task);
            watcher.attach(task, p);
            events.publish(key.namespace(), new TaskEvent.ExecAdded(key.id(), execId));
            watcher.watch(task, p);
        } catch (RuntimeException e) {
            // every step undoes itself: the exec leaves the task, its monitor ends, its state goes
            if (added) {
                task.removeExec(execId);
                TaskService.bestEffort(() -> store.save(task), "save state of task " + key);
            }
            TaskService.abandon(control);
            if (p != null) {
                ProcessWatcher.detach(p);
            }
            store.removeProcessDir(key, execId);
            throw e;
        } finally {
            task.releaseExec(execId);
        }
    }

    /** Sends a signal to a process; NOT_FOUND once it has exited, as the runc shim. */
    public void kill(TaskKey key, String execId, int signal, boolean all) {
        Task task = registry.get(key);
        TaskProcess p = task.process(execId);
        if (!p.state().isAlive()) {
            throw CortadoException.notFound("process %s already finished", TaskService.describe(key, execId));
        }
        p.control().kill(signal);
        String cgroupsPath = task.cgroupsPath();
        if (all && execId.isEmpty() && cgroupsPath != null && !cgroupsPath.isEmpty()) {
            // every process of the container's cgroup, as runc kill --all
            cgroups.signalAll(cgroupsPath, signal);
        } else if (all && execId.isEmpty()) {
            for (TaskProcess exec : task.execs()) {
                if (exec.state().isAlive()) {
                    try {
                        exec.control().kill(signal);
                    } catch (RuntimeException e) {
                        LOG.debug("kill exec {}: {}", exec.execId(), e.toString());
                    }
                }
            }
        }
    }

    /**
     * Closes the process's stdin: the shim's own end of its stdin fifo, and the monitor's end. A
     * process that has exited has no stdin left to close: its monitor may be going away under the
     * call (a client's stdin EOF racing the exec's exit), and CloseIO succeeds, as runc's shim's.
     */
    public void closeStdin(TaskKey key, String execId) {
        TaskProcess p = registry.get(key).process(execId);
        p.copier().ifPresent(StdioCopier::closeStdinSpare);
        try {
            p.control().closeStdin();
        } catch (CortadoException e) {
            if (p.state().isAlive()) {
                throw e;
            }
            LOG.debug("close stdin of exited {}: {}", TaskService.describe(key, execId), e.getMessage());
        }
    }

    /** Resizes the process's pty. */
    public void resize(TaskKey key, String execId, int width, int height) {
        TaskProcess p = registry.get(key).process(execId);
        if (!p.stdio().terminal()) {
            throw CortadoException.failedPrecondition("process %s has no terminal", TaskService.describe(key, execId));
        }
        p.control().resize(height, width);
    }
}
