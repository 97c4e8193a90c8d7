package dev.cortado.cri.runtime;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.cortado.api.containerd.task.v3.CreateTaskRequest;
import dev.cortado.api.containerd.task.v3.DeleteResponse;
import dev.cortado.api.containerd.task.v3.ExecProcessRequest;
import dev.cortado.api.containerd.task.v3.StateResponse;
import dev.cortado.api.containerd.types.Mount;
import dev.cortado.errors.CortadoException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The adapter between our records and {@code containerd.task.v3} messages. Task v2's messages
 * are the same bytes under another package, so v2 shims get these too.
 */
final class TaskMessages {
    /** containerd's type URL of an OCI process spec (typeurl registers specs.Process under it). */
    static final String PROCESS_TYPE = "types.containerd.io/opencontainers/runtime-spec/1/Process";

    static final String RESOURCES_TYPE = "types.containerd.io/opencontainers/runtime-spec/1/LinuxResources";

    private TaskMessages() {}

    static CreateTaskRequest create(CreateTask task) {
        CreateTaskRequest.Builder b = CreateTaskRequest.newBuilder()
                .setId(task.id())
                .setBundle(task.bundle().toString())
                .setTerminal(task.stdio().terminal())
                .setStdin(task.stdio().stdin())
                .setStdout(task.stdio().stdout())
                .setStderr(task.stdio().stderr());
        for (RootfsMount m : task.rootfs()) {
            b.addRootfs(
                    Mount.newBuilder().setType(m.type()).setSource(m.source()).addAllOptions(m.options()));
        }
        task.options().ifPresent(o -> b.setOptions(any(o)));
        task.checkpoint().ifPresent(images -> b.setCheckpoint(images.toString()));
        return b.build();
    }

    static ExecProcessRequest exec(String id, ExecProcess exec) {
        return ExecProcessRequest.newBuilder()
                .setId(id)
                .setExecId(exec.execId())
                .setTerminal(exec.stdio().terminal())
                .setStdin(exec.stdio().stdin())
                .setStdout(exec.stdio().stdout())
                .setStderr(exec.stdio().stderr())
                .setSpec(json(PROCESS_TYPE, exec.processSpecJson()))
                .build();
    }

    static Any json(String typeUrl, String json) {
        return Any.newBuilder()
                .setTypeUrl(typeUrl)
                .setValue(ByteString.copyFrom(json, StandardCharsets.UTF_8))
                .build();
    }

    static ProcessState state(StateResponse r) {
        ProcessState.Status status = switch (r.getStatus()) {
            case CREATED -> ProcessState.Status.CREATED;
            case RUNNING -> ProcessState.Status.RUNNING;
            case STOPPED -> ProcessState.Status.STOPPED;
            case PAUSED -> ProcessState.Status.PAUSED;
            case PAUSING -> ProcessState.Status.PAUSING;
            default -> ProcessState.Status.UNKNOWN;
        };
        return new ProcessState(
                r.getId(),
                r.getExecId(),
                r.getPid(),
                status,
                new Stdio(r.getStdin(), r.getStdout(), r.getStderr(), r.getTerminal()),
                r.getExitStatus(),
                instant(r.getExitedAt()));
    }

    static Any any(TypedValue value) {
        return Any.newBuilder()
                .setTypeUrl(value.typeUrl())
                .setValue(ByteString.copyFrom(value.value()))
                .build();
    }

    static TypedValue typed(Any any) {
        return new TypedValue(any.getTypeUrl(), any.getValue().toByteArray());
    }

    /** The bytes containerd writes to {@code start}'s stdin: {@code proto.Marshal(Any)}. */
    static byte[] encodeAny(TypedValue value) {
        return any(value).toByteArray();
    }

    /** {@code <shim> delete}'s stdout: a protobuf DeleteResponse. */
    static ExitResult decodeDeleteResponse(byte[] out) {
        try {
            DeleteResponse r = DeleteResponse.parseFrom(out);
            return new ExitResult(r.getPid(), r.getExitStatus(), instant(r.getExitedAt()));
        } catch (InvalidProtocolBufferException e) {
            throw CortadoException.internal("shim delete printed no DeleteResponse (" + out.length + " bytes)", e);
        }
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
