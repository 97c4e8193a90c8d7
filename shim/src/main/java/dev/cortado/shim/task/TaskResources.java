package dev.cortado.shim.task;

import dev.cortado.cgroups.control.CgroupStats;
import dev.cortado.cgroups.controller.DroppedLimit;
import dev.cortado.cgroups.resources.OciLinuxResources;
import dev.cortado.errors.CortadoException;
import dev.cortado.shim.events.EventSink;
import dev.cortado.shim.events.TaskEvent;
import java.util.List;

/** Pause, resume, update, stats and pids: what a task does through its cgroup. */
public final class TaskResources {
    private final TaskRegistry registry;
    private final TaskCgroups cgroups;
    private final EventSink events;
    private final TaskStore store;

    /** Resources whose updates keep dropped limits in memory only. */
    public TaskResources(TaskRegistry registry, TaskCgroups cgroups, EventSink events) {
        this(registry, cgroups, events, null);
    }

    /** Resources that save a task's record when an update drops limits ({@code store} may be null). */
    public TaskResources(TaskRegistry registry, TaskCgroups cgroups, EventSink events, TaskStore store) {
        this.registry = registry;
        this.cgroups = cgroups;
        this.events = events;
        this.store = store;
    }

    /** Freezes the task's cgroup; publishes TaskPaused. */
    public void pause(TaskKey key) {
        Task task = registry.get(key);
        String path = cgroupOf(task);
        task.init().transition(Lifecycle.Action.PAUSE, "task " + key, p -> {
            cgroups.freeze(path);
            events.publish(key.namespace(), new TaskEvent.Paused(key.id()));
        });
    }

    /** Thaws the task's cgroup; publishes TaskResumed. */
    public void resume(TaskKey key) {
        Task task = registry.get(key);
        String path = cgroupOf(task);
        task.init().transition(Lifecycle.Action.RESUME, "task " + key, p -> {
            cgroups.thaw(path);
            events.publish(key.namespace(), new TaskEvent.Resumed(key.id()));
        });
    }

    /** Applies new resource limits to a live task. */
    public void update(TaskKey key, OciLinuxResources resources) {
        Task task = registry.get(key);
        if (!task.init().state().isAlive()) {
            throw CortadoException.failedPrecondition(
                    "cannot update task %s: it is %s", key, task.init().state().label());
        }
        List<DroppedLimit> dropped =
                cgroups.update(cgroupOf(task), resources, task.options().unenforceableLimits());
        if (!dropped.isEmpty()) {
            task.addDroppedLimits(dropped);
            TaskService.warnDropped(key, "updated", dropped);
            if (store != null) {
                store.save(TaskRecord.of(task));
            }
        }
    }

    /** The task's cgroup statistics. */
    public CgroupStats stats(TaskKey key) {
        return cgroups.stats(cgroupOf(registry.get(key)));
    }

    /** The pids in the task's cgroup. */
    public List<Long> pids(TaskKey key) {
        return cgroups.pids(cgroupOf(registry.get(key)));
    }

    private static String cgroupOf(Task task) {
        String path = task.cgroupsPath();
        if (path == null || path.isEmpty()) {
            throw CortadoException.failedPrecondition("task %s has no cgroup", task.key());
        }
        return path;
    }
}
