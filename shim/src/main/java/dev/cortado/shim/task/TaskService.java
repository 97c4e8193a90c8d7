package dev.cortado.shim.task;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.events.EventSink;
import dev.cortado.shim.events.TaskEvent;
import dev.cortado.shim.io.StdioPaths;
import dev.cortado.shim.process.ExitStatus;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.Spec;
import dev.cortado.shim.spec.SpecReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task lifecycle: create, start, exec, kill, wait, state and delete, for tasks of every
 * containerd namespace. Events are published in containerd's required order from the
 * transitions themselves (see {@link TaskProcess}).
 */
public final class TaskService {
    private static final Logger LOG = LoggerFactory.getLogger(TaskService.class);

    private final TaskRegistry registry;
    private final TaskStore store;
    private final ProcessFactory processes;
    private final RootfsMounter mounter;
    private final EventSink events;
    private final TaskCgroups cgroups;
    private final ProcessWatcher watcher;
    private final SpecReader specs = new SpecReader();

    public TaskService(TaskRegistry registry, TaskStore store, ProcessFactory processes, RootfsMounter mounter,
            TaskCgroups cgroups, EventSink events) {
        this.registry = registry;
        this.store = store;
        this.processes = processes;
        this.mounter = mounter;
        this.cgroups = cgroups;
        this.events = events;
        this.watcher = new ProcessWatcher(events);
    }

    /** Creates the task: rootfs mounted, monitor spawned, stdio attached; returns the pid. */
    public int create(CreateTask req) {
        TaskKey key = req.key();
        req.stdio().requireSupported();
        registry.reserve(key);
        boolean mounted = false;
        try {
            Path rootfs = req.bundle().resolve("rootfs");
            if (!req.rootfs().isEmpty()) {
                mounter.mount(req.rootfs(), rootfs);
                mounted = true;
            }
            Spec spec = specs.read(req.bundle());
            Path stateDir = store.processDir(key, "");
            store.save(new TaskRecord(key.namespace(), key.id(), req.bundle().toString(), req.stdio(), mounted, List.of()));
            ProcessControl control = processes.create(key.id(), spec, stateDir);
            TaskProcess init = new TaskProcess("", control, req.stdio(), Lifecycle.CREATED, control.state().pid());
            Task task = new Task(key, req.bundle(), spec, store.dirOf(key), mounted, init);
            watcher.attach(task, init);
            registry.put(task);
            events.publish(key.namespace(), new TaskEvent.Created(key.id(), req.bundle().toString(),
                    req.stdio().stdin(), req.stdio().stdout(), req.stdio().stderr(), req.stdio().terminal(), init.pid()));
            watcher.watch(task, init);
            TaskOom.watch(task, cgroups, events);
            return init.pid();
        } catch (RuntimeException e) {
            store.remove(key);
            if (mounted) {
                mounter.unmount(req.bundle().resolve("rootfs"));
            }
            throw e;
        } finally {
            registry.release(key);
        }
    }

    /** Starts the init process or a created exec process; returns its pid. */
    public int start(TaskKey key, String execId) {
        Task task = registry.get(key);
        TaskProcess p = task.process(execId);
        p.transition(Lifecycle.Action.START, describe(key, execId), proc -> {
            proc.control().start();
            proc.pid(proc.control().state().pid());
            events.publish(key.namespace(), execId.isEmpty()
                    ? new TaskEvent.Started(key.id(), proc.pid())
                    : new TaskEvent.ExecStarted(key.id(), execId, proc.pid()));
        });
        return p.pid();
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
        ProcessControl control = processes.exec(execId, task.spec(), task.init().control(), spec,
                store.processDir(key, execId));
        TaskProcess p = new TaskProcess(execId, control, stdio, Lifecycle.CREATED, control.state().pid());
        task.addExec(p);
        persist(task);
        watcher.attach(task, p);
        events.publish(key.namespace(), new TaskEvent.ExecAdded(key.id(), execId));
        watcher.watch(task, p);
    }

    /** Sends a signal to a process; NOT_FOUND once it has exited, as the runc shim. */
    public void kill(TaskKey key, String execId, int signal, boolean all) {
        Task task = registry.get(key);
        TaskProcess p = task.process(execId);
        if (!p.state().isAlive()) {
            throw CortadoException.notFound("process %s already finished", describe(key, execId));
        }
        p.control().kill(signal);
        if (all && execId.isEmpty()) {
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

    /** Blocks until the process has exited (the call's cancellation interrupts it). */
    public ExitStatus waitFor(TaskKey key, String execId) {
        TaskProcess p = registry.get(key).process(execId);
        try {
            return p.exited().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CortadoException.unavailable("wait for %s interrupted", describe(key, execId));
        } catch (ExecutionException e) {
            throw CortadoException.internal("wait for " + describe(key, execId), e.getCause());
        }
    }

    /** The process's state. */
    public ProcessView state(TaskKey key, String execId) {
        Task task = registry.get(key);
        return ProcessView.of(task, task.process(execId));
    }

    /** Closes the process's stdin. */
    public void closeStdin(TaskKey key, String execId) {
        TaskProcess p = registry.get(key).process(execId);
        p.control().closeStdin();
    }

    /** Resizes the process's pty. */
    public void resize(TaskKey key, String execId, int width, int height) {
        TaskProcess p = registry.get(key).process(execId);
        if (!p.stdio().terminal()) {
            throw CortadoException.failedPrecondition("process %s has no terminal", describe(key, execId));
        }
        p.control().resize(height, width);
    }

    /**
     * Deletes an exited (or never started) process. For the init process this ends its
     * monitor, unmounts the rootfs, removes the state and publishes TaskDelete.
     */
    public ProcessView delete(TaskKey key, String execId) {
        Task task = registry.get(key);
        TaskProcess p = task.process(execId);
        if (execId.isEmpty()) {
            for (TaskProcess exec : task.execs()) {
                if (exec.state().isAlive()) {
                    throw CortadoException.failedPrecondition("cannot delete task %s: exec %s is %s", key,
                            exec.execId(), exec.state().label());
                }
            }
        }
        if (p.state() == Lifecycle.CREATED) {
            // containerd deletes a created-but-never-started task: end its process first
            p.control().kill(9);
            waitFor(key, execId);
        }
        p.transition(Lifecycle.Action.DELETE, describe(key, execId), proc -> { });
        ProcessWatcher.detach(p);
        bestEffort(() -> p.control().delete(), "end monitor of " + describe(key, execId));
        ExitStatus exit = p.exit().orElseThrow();
        if (!execId.isEmpty()) {
            task.removeExec(execId);
            persist(task);
            return ProcessView.of(task, p);
        }
        task.execs().forEach(e -> bestEffort(() -> e.control().delete(), "end exec monitor"));
        TaskOom.stop(task);
        if (task.rootfsMounted()) {
            bestEffort(() -> mounter.unmount(task.bundle().resolve("rootfs")), "unmount rootfs of " + key);
        }
        store.remove(key);
        registry.remove(key);
        events.publish(key.namespace(), new TaskEvent.Deleted(key.id(), key.id(), p.pid(), exit.code(), exit.exitedAt()));
        return ProcessView.of(task, p);
    }

    /** Persists the task's record (after an exec was added or removed). */
    void persist(Task task) {
        List<TaskRecord.Exec> execs = new ArrayList<>();
        for (TaskProcess e : task.execs()) {
            execs.add(new TaskRecord.Exec(e.execId(), e.stdio()));
        }
        store.save(new TaskRecord(task.key().namespace(), task.key().id(), task.bundle().toString(),
                task.init().stdio(), task.rootfsMounted(), execs));
    }

    ProcessWatcher watcher() {
        return watcher;
    }

    static String describe(TaskKey key, String execId) {
        return execId == null || execId.isEmpty() ? "task " + key : "exec " + execId + " of task " + key;
    }

    /** Best-effort cleanup: logs and goes on (a monitor or mount may already be gone). */
    static void bestEffort(Runnable step, String what) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: {}", what, e.toString());
        }
    }
}
