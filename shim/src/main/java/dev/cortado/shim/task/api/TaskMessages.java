package dev.cortado.shim.task.api;

import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import dev.cortado.api.containerd.task.v3.CreateTaskRequest;
import dev.cortado.api.containerd.task.v3.StateResponse;
import dev.cortado.api.containerd.v1.types.Status;
import dev.cortado.shim.io.StdioPaths;
import dev.cortado.shim.options.RuntimeOptions;
import dev.cortado.shim.options.ShimOptions;
import dev.cortado.shim.task.CreateTask;
import dev.cortado.shim.task.Lifecycle;
import dev.cortado.shim.task.ProcessView;
import dev.cortado.shim.task.RootfsMount;
import dev.cortado.shim.task.TaskKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** Conversions between our task records and the generated message fields. */
final class TaskMessages {
    /** containerd's typeurl names a proto type by its bare full name (features.md §5.5). */
    static final String METRICS_TYPE = "io.containerd.cgroups.v2.Metrics";

    private TaskMessages() {}

    static Status status(Lifecycle state) {
        return switch (state) {
            case CREATED -> Status.CREATED;
            case RUNNING -> Status.RUNNING;
            case PAUSED -> Status.PAUSED;
            case STOPPED, DELETED -> Status.STOPPED;
        };
    }

    static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder()
                .setSeconds(t.getEpochSecond())
                .setNanos(t.getNano())
                .build();
    }

    static Timestamp exitedAt(ProcessView v) {
        return v.exit().map(e -> timestamp(e.exitedAt())).orElse(Timestamp.getDefaultInstance());
    }

    static int exitCode(ProcessView v) {
        return v.exit().map(e -> e.code()).orElse(0);
    }

    /** Create's request in our terms, its runtime options read (INVALID_ARGUMENT if unusable). */
    static CreateTask createTask(TaskKey key, CreateTaskRequest r) {
        var mounts = r.getRootfsList().stream()
                .map(m -> new RootfsMount(m.getType(), m.getSource(), m.getOptionsList()))
                .toList();
        ShimOptions options = RuntimeOptions.parse(r.hasOptions() ? Optional.of(r.getOptions()) : Optional.empty());
        return new CreateTask(
                key,
                Path.of(r.getBundle()),
                mounts,
                new StdioPaths(r.getStdin(), r.getStdout(), r.getStderr(), r.getTerminal()),
                options);
    }

    static StateResponse stateResponse(ProcessView v) {
        return StateResponse.newBuilder()
                .setId(v.id())
                .setExecId(v.execId())
                .setBundle(v.bundle())
                .setPid(v.pid())
                .setStatus(status(v.state()))
                .setStdin(v.stdio().stdin())
                .setStdout(v.stdio().stdout())
                .setStderr(v.stdio().stderr())
                .setTerminal(v.stdio().terminal())
                .setExitStatus(exitCode(v))
                .setExitedAt(exitedAt(v))
                .build();
    }

    /** An Any with containerd's bare type URL. */
    static Any bare(String typeName, com.google.protobuf.Message m) {
        return Any.newBuilder().setTypeUrl(typeName).setValue(m.toByteString()).build();
    }
}
