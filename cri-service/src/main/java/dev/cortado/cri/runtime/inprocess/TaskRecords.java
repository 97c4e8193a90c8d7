package dev.cortado.cri.runtime.inprocess;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.cortado.cri.runtime.CreateTask;
import dev.cortado.cri.runtime.ExitResult;
import dev.cortado.cri.runtime.ProcessState;
import dev.cortado.cri.runtime.Stdio;
import dev.cortado.cri.runtime.TypedValue;
import dev.cortado.shim.io.StdioPaths;
import dev.cortado.shim.options.RuntimeOptions;
import dev.cortado.shim.options.ShimOptions;
import dev.cortado.shim.process.ExitStatus;
import dev.cortado.shim.task.ProcessView;
import dev.cortado.shim.task.RootfsMount;
import dev.cortado.shim.task.TaskKey;
import java.time.Instant;
import java.util.Optional;

/**
 * Between cortado's task records and the task service's, as {@code TaskMessages} is between ours
 * and the Task API's messages: the same fields, so the same answers as through a shim (State's
 * status from the lifecycle, an exit status of 0 and the epoch before an exit).
 */
final class TaskRecords {
    private TaskRecords() {}

    /** Create in the service's terms, the runtime options read as the shim reads Create's (INVALID_ARGUMENT if unusable). */
    static dev.cortado.shim.task.CreateTask create(TaskKey key, CreateTask task, Optional<TypedValue> options) {
        return new dev.cortado.shim.task.CreateTask(
                key,
                task.bundle(),
                task.rootfs().stream()
                        .map(m -> new RootfsMount(m.type(), m.source(), m.options()))
                        .toList(),
                stdio(task.stdio()),
                options(options));
    }

    static ShimOptions options(Optional<TypedValue> options) {
        return RuntimeOptions.parse(options.map(o -> Any.newBuilder()
                .setTypeUrl(o.typeUrl())
                .setValue(ByteString.copyFrom(o.value()))
                .build()));
    }

    static StdioPaths stdio(Stdio s) {
        return new StdioPaths(s.stdin(), s.stdout(), s.stderr(), s.terminal());
    }

    static ProcessState state(ProcessView v) {
        ProcessState.Status status = switch (v.state()) {
            case CREATED -> ProcessState.Status.CREATED;
            case RUNNING -> ProcessState.Status.RUNNING;
            case PAUSED -> ProcessState.Status.PAUSED;
            case STOPPED, DELETED -> ProcessState.Status.STOPPED;
        };
        StdioPaths s = v.stdio();
        return new ProcessState(
                v.id(),
                v.execId(),
                v.pid(),
                status,
                new Stdio(s.stdin(), s.stdout(), s.stderr(), s.terminal()),
                v.exit().map(ExitStatus::code).orElse(0),
                v.exit().map(ExitStatus::exitedAt).orElse(Instant.EPOCH));
    }

    /** Delete's answer. */
    static ExitResult deleted(ProcessView v) {
        return new ExitResult(
                v.pid(),
                v.exit().map(ExitStatus::code).orElse(0),
                v.exit().map(ExitStatus::exitedAt).orElse(Instant.EPOCH));
    }

    /** Wait's answer: no pid, as the Task API's WaitResponse has none. */
    static ExitResult waited(ExitStatus e) {
        return new ExitResult(0, e.code(), e.exitedAt());
    }
}
