package dev.cortado.shim.task;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.events.EventSink;
import dev.cortado.shim.events.TaskEvent;
import dev.cortado.shim.process.ExitStatus;

/**
 * Delete of a task's process: an exec just goes; the init process takes its monitor, rootfs
 * mount, cgroup and persisted state with it, and TaskDelete is published last.
 */
final class TaskDeletion {
    private final TaskService tasks;
    private final TaskRegistry registry;
    private final TaskStore store;
    private final RootfsMounter mounter;
    private final TaskCgroups cgroups;
    private final EventSink events;

    TaskDeletion(
            TaskService tasks,
            TaskRegistry registry,
            TaskStore store,
            RootfsMounter mounter,
            TaskCgroups cgroups,
            EventSink events) {
        this.tasks = tasks;
        this.registry = registry;
        this.store = store;
        this.mounter = mounter;
        this.cgroups = cgroups;
        this.events = events;
    }

    /**
     * Deletes an exited (or never started) process. For the init process this ends its
     * monitor, unmounts the rootfs, removes the cgroup and the state and publishes TaskDelete.
     */
    ProcessView delete(TaskKey key, String execId) {
        Task task = registry.get(key);
        TaskProcess p = task.process(execId);
        if (execId.isEmpty()) {
            for (TaskProcess exec : task.execs()) {
                if (exec.state().isAlive()) {
                    throw CortadoException.failedPrecondition(
                            "cannot delete task %s: exec %s is %s",
                            key, exec.execId(), exec.state().label());
                }
            }
        }
        if (p.state() == Lifecycle.CREATED) {
            // containerd deletes a created-but-never-started task: end its process first. A kill
            // that finds it gone already (a CRI stop killed it a moment ago) is what we wanted.
            TaskService.bestEffort(
                    () -> p.control().kill(9), "kill created process " + TaskService.describe(key, execId));
            tasks.waitFor(key, execId);
        }
        p.transition(Lifecycle.Action.DELETE, TaskService.describe(key, execId), proc -> {});
        ProcessWatcher.detach(p);
        TaskService.bestEffort(() -> p.control().delete(), "end monitor of " + TaskService.describe(key, execId));
        ExitStatus exit = p.exit().orElseThrow();
        if (!execId.isEmpty()) {
            task.removeExec(execId);
            tasks.persist(task);
            return ProcessView.of(task, p);
        }
        task.execs().forEach(e -> TaskService.bestEffort(() -> e.control().delete(), "end exec monitor"));
        TaskOom.stop(task);
        ContainerCgroup.end(cgroups, task.spec(), key);
        if (task.rootfsMounted()) {
            TaskService.bestEffort(() -> mounter.unmount(task.bundle().resolve("rootfs")), "unmount rootfs of " + key);
        }
        store.remove(key);
        registry.remove(key);
        events.publish(
                key.namespace(), new TaskEvent.Deleted(key.id(), key.id(), p.pid(), exit.code(), exit.exitedAt()));
        return ProcessView.of(task, p);
    }
}
