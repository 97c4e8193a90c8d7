package dev.cortado.shim.task;

import dev.cortado.shim.events.EventSink;
import dev.cortado.shim.events.TaskEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts and stops a task's OOM watch, which publishes TaskOOM. */
final class TaskOom {
    private static final Logger LOG = LoggerFactory.getLogger(TaskOom.class);

    private TaskOom() {}

    /** Watches the task's cgroup; without a memory controller (hybrid hosts) there is nothing to watch. */
    static void watch(Task task, TaskCgroups cgroups, EventSink events) {
        if (task.cgroupsPath() == null) {
            return;
        }
        try {
            task.oomWatch(cgroups.watchOom(
                    task.cgroupsPath(),
                    () -> events.publish(
                            task.key().namespace(), new TaskEvent.Oom(task.key().id()))));
        } catch (RuntimeException e) {
            LOG.info("no OOM events for {}: {}", task.key(), e.toString());
        }
    }

    static void stop(Task task) {
        AutoCloseable w = task.oomWatch();
        if (w != null) {
            try {
                w.close();
            } catch (Exception e) {
                LOG.debug("stop OOM watch of {}: {}", task.key(), e.toString());
            }
        }
    }
}
