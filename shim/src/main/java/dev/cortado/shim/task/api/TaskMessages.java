package dev.cortado.shim.task.api;

import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import dev.cortado.api.containerd.v1.types.Status;
import dev.cortado.shim.task.Lifecycle;
import dev.cortado.shim.task.ProcessView;
import java.time.Instant;

/** Conversions between our task records and the generated message fields. */
final class TaskMessages {
    /** containerd's typeurl names a proto type by its bare full name (features.md §5.5). */
    static final String METRICS_TYPE = "io.containerd.cgroups.v2.Metrics";

    private TaskMessages() {
    }

    static Status status(Lifecycle state) {
        return switch (state) {
            case CREATED -> Status.CREATED;
            case RUNNING -> Status.RUNNING;
            case PAUSED -> Status.PAUSED;
            case STOPPED, DELETED -> Status.STOPPED;
        };
    }

    static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    static Timestamp exitedAt(ProcessView v) {
        return v.exit().map(e -> timestamp(e.exitedAt())).orElse(Timestamp.getDefaultInstance());
    }

    static int exitCode(ProcessView v) {
        return v.exit().map(e -> e.code()).orElse(0);
    }

    /** An Any with containerd's bare type URL. */
    static Any bare(String typeName, com.google.protobuf.Message m) {
        return Any.newBuilder().setTypeUrl(typeName).setValue(m.toByteString()).build();
    }
}
