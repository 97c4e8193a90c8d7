package dev.cortado.shim.task;

import dev.cortado.cgroups.controller.DroppedLimit;
import dev.cortado.shim.io.StdioPaths;
import java.util.List;

/**
 * What a server must remember of a task to re-adopt it after a {@code kill -9}: everything
 * else (pids, exit codes, output) is kept by the monitors. Stored as JSON by {@link TaskStore}.
 */
public record TaskRecord(
        String namespace,
        String id,
        String bundle,
        StdioPaths stdio,
        boolean rootfsMounted,
        List<Exec> execs,
        TaskOptions options,
        List<DroppedLimit> droppedLimits) {
    /** Copies the lists; a record saved before options (or dropped limits) were kept has the defaults (none). */
    public TaskRecord {
        execs = execs == null ? List.of() : List.copyOf(execs);
        options = options == null ? TaskOptions.DEFAULTS : options;
        droppedLimits = droppedLimits == null ? List.of() : List.copyOf(droppedLimits);
    }

    /** A record of a task that dropped no limit. */
    public TaskRecord(
            String namespace,
            String id,
            String bundle,
            StdioPaths stdio,
            boolean rootfsMounted,
            List<Exec> execs,
            TaskOptions options) {
        this(namespace, id, bundle, stdio, rootfsMounted, execs, options, List.of());
    }

    /** An exec process: its id and stdio. */
    public record Exec(String execId, StdioPaths stdio) {}

    /** The record of a live task. */
    static TaskRecord of(Task task) {
        return new TaskRecord(
                task.key().namespace(),
                task.key().id(),
                task.bundle().toString(),
                task.init().stdio(),
                task.rootfsMounted(),
                task.execs().stream().map(e -> new Exec(e.execId(), e.stdio())).toList(),
                task.options(),
                task.droppedLimits());
    }

    /** The task's key. */
    public TaskKey key() {
        return new TaskKey(namespace, id);
    }
}
