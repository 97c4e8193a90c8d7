package dev.cortado.shim.task;

import dev.cortado.shim.io.StdioPaths;
import dev.cortado.shim.process.ExitStatus;
import java.util.Optional;

/** A snapshot of one task process, what State and Delete answer. */
public record ProcessView(
        String id,
        String execId,
        String bundle,
        int pid,
        Lifecycle state,
        StdioPaths stdio,
        Optional<ExitStatus> exit) {

    static ProcessView of(Task task, TaskProcess p) {
        return new ProcessView(
                task.key().id(), p.execId(), task.bundle().toString(), p.pid(), p.state(), p.stdio(), p.exit());
    }
}
