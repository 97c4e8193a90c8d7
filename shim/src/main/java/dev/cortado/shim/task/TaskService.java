package dev.cortado.shim.task;

import dev.cortado.cgroups.controller.DroppedLimit;
import dev.cortado.errors.CortadoException;
import dev.cortado.shim.events.EventSink;
import dev.cortado.shim.events.TaskEvent;
import dev.cortado.shim.io.LogSinks;
import dev.cortado.shim.options.LimitPolicy;
import dev.cortado.shim.process.ExitStatus;
import dev.cortado.shim.spec.Spec;
import dev.cortado.shim.spec.SpecReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task lifecycle: create, start, wait, state and delete, for tasks of every containerd
 * namespace ({@link ProcessOperations} has exec, kill and stdio). Events are published in containerd's required order from the
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
    private final SpecReader specs = SpecReader.forNewProcesses();
    private final TaskDeletion deletion;
    private final Supplier<LimitPolicy> nodePolicy;

    /** A service whose node refuses limits it cannot enforce unless a task's options say otherwise. */
    public TaskService(
            TaskRegistry registry,
            TaskStore store,
            ProcessFactory processes,
            RootfsMounter mounter,
            TaskCgroups cgroups,
            EventSink events,
            LogSinks logs) {
        this(registry, store, processes, mounter, cgroups, events, logs, () -> LimitPolicy.REFUSE);
    }

    /**
     * A service whose tasks without an {@code UnenforceableLimits} option get {@code nodePolicy}
     * (the node's {@link dev.cortado.shim.options.ShimConfig}, asked at each Create).
     */
    public TaskService(
            TaskRegistry registry,
            TaskStore store,
            ProcessFactory processes,
            RootfsMounter mounter,
            TaskCgroups cgroups,
            EventSink events,
            LogSinks logs,
            Supplier<LimitPolicy> nodePolicy) {
        this.nodePolicy = nodePolicy;
        this.registry = registry;
        this.store = store;
        this.processes = processes;
        this.mounter = mounter;
        this.cgroups = cgroups;
        this.events = events;
        this.watcher = new ProcessWatcher(events, logs, cgroups, store);
        this.deletion = new TaskDeletion(this, registry, store, mounter, cgroups, events);
    }

    /**
     * Creates the task: rootfs mounted, monitor spawned, stdio attached; returns the pid. A
     * failure at any step undoes the steps before it: no process, mount, cgroup, state or
     * registry entry is left.
     */
    public int create(CreateTask req) {
        TaskKey key = req.key();
        req.stdio().requireSupported();
        registry.reserve(key);
        boolean mounted = false;
        Spec spec = null;
        ProcessControl control = null;
        TaskProcess init = null;
        Task task = null;
        try {
            Path rootfs = req.bundle().resolve("rootfs");
            if (!req.rootfs().isEmpty()) {
                mounter.mount(req.rootfs(), rootfs);
                mounted = true;
            }
            spec = specs.read(req.bundle(), req.options().systemdCgroup());
            TaskOptions options = TaskOptions.of(req.options(), nodePolicy);
            Path stateDir = store.processDir(key, "");
            store.save(new TaskRecord(
                    key.namespace(), key.id(), req.bundle().toString(), req.stdio(), mounted, List.of(), options));
            control = processes.create(key.id(), spec, stateDir, options.launch(key.id()));
            init = new TaskProcess(
                    "", control, req.stdio(), Lifecycle.CREATED, control.state().pid());
            task = new Task(key, req.bundle(), spec, store.dirOf(key), mounted, init, options);
            if (!control.droppedLimits().isEmpty()) {
                task.addDroppedLimits(control.droppedLimits());
                warnDropped(key, "created", control.droppedLimits());
                persist(task);
            }
            watcher.attach(task, init);
            TaskOom.watch(task, cgroups, events);
            registry.put(task);
            events.publish(
                    key.namespace(),
                    new TaskEvent.Created(
                            key.id(),
                            req.bundle().toString(),
                            req.stdio().stdin(),
                            req.stdio().stdout(),
                            req.stdio().stderr(),
                            req.stdio().terminal(),
                            init.pid()));
            watcher.watch(task, init);
            return init.pid();
        } catch (RuntimeException e) {
            undoCreate(key, req, mounted, spec, control, init, task);
            throw e;
        } finally {
            registry.release(key);
        }
    }

    /** Undoes a create in the reverse order of its steps, each best effort. */
    private void undoCreate(
            TaskKey key,
            CreateTask req,
            boolean mounted,
            Spec spec,
            ProcessControl control,
            TaskProcess init,
            Task task) {
        if (task != null) {
            registry.remove(key);
            TaskOom.stop(task);
        }
        abandon(control);
        if (init != null) {
            ProcessWatcher.detach(init);
        }
        if (control != null) {
            // the launcher made the cgroup with the process; it goes with it
            ContainerCgroup.end(cgroups, spec, key);
        }
        store.remove(key);
        if (mounted) {
            bestEffort(() -> mounter.unmount(req.bundle().resolve("rootfs")), "unmount rootfs of " + key);
        }
    }

    /** Starts the init process or a created exec process; returns its pid. */
    public int start(TaskKey key, String execId) {
        Task task = registry.get(key);
        TaskProcess p = task.process(execId);
        p.transition(Lifecycle.Action.START, describe(key, execId), proc -> {
            proc.control().start();
            proc.pid(proc.control().state().pid());
            events.publish(
                    key.namespace(),
                    execId.isEmpty()
                            ? new TaskEvent.Started(key.id(), proc.pid())
                            : new TaskEvent.ExecStarted(key.id(), execId, proc.pid()));
        });
        return p.pid();
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

    /**
     * Completes when the process has exited, without a waiting thread (for a caller in this JVM:
     * cortado's in-process handler). The future is a copy: completing it changes nothing here.
     */
    public java.util.concurrent.CompletableFuture<ExitStatus> exitOf(TaskKey key, String execId) {
        return registry.get(key).process(execId).exited().copy();
    }

    /**
     * The exit the process's monitor reports, asked now: a process re-adopted after it exited
     * while no service ran shows RUNNING until the watcher has copied its last output (at most
     * 2 s) and recorded the exit, which {@link #exitOf} then gives.
     */
    public java.util.Optional<ExitStatus> monitorExit(TaskKey key, String execId) {
        TaskProcess p = registry.get(key).process(execId);
        if (p.exit().isPresent()) {
            return p.exit();
        }
        try {
            return p.control().state().exit();
        } catch (CortadoException e) {
            return java.util.Optional.empty(); // its monitor cannot say: the watcher will
        }
    }

    /** What the task's status shows beyond containerd's State: its limit policy and the limits it dropped. */
    public TaskInfo info(TaskKey key) {
        Task task = registry.get(key);
        return new TaskInfo(task.options().unenforceableLimits(), task.droppedLimits());
    }

    /** The one warning for the limits a Create or Update of {@code key} left out, each with its reason. */
    static void warnDropped(TaskKey key, String what, List<DroppedLimit> dropped) {
        LOG.warn(
                "task {} {} without {} limit(s) this host cannot enforce (UnenforceableLimits = \"warn\"): {}",
                key,
                what,
                dropped.size(),
                dropped.stream().map(DroppedLimit::describe).collect(Collectors.joining("; ")));
    }

    /** The process's state. */
    public ProcessView state(TaskKey key, String execId) {
        Task task = registry.get(key);
        return ProcessView.of(task, task.process(execId));
    }

    /**
     * Deletes an exited (or never started) process; for the init process also its monitor,
     * rootfs mount, cgroup and state (see {@link TaskDeletion}).
     */
    public ProcessView delete(TaskKey key, String execId) {
        return deletion.delete(key, execId);
    }

    /** Ends a process whose create failed after its monitor was spawned (e.g. its logging binary failed). */
    static void abandon(ProcessControl control) {
        if (control != null) {
            bestEffort(() -> control.kill(9), "kill abandoned process");
            bestEffort(
                    () -> {
                        control.waitForExit();
                        control.delete();
                    },
                    "end abandoned monitor");
        }
    }

    void persist(Task task) {
        store.save(task);
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
