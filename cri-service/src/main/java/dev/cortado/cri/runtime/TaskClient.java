package dev.cortado.cri.runtime;

import dev.cortado.api.containerd.task.v3.*;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The Task API of one shim in our words (the adapter: generated requests are built only here and
 * in {@link TaskMessages}), over the transport its bootstrap reply chose (ttrpc
 * task v2 for 1.6-style shims, ttrpc or gRPC task v3 otherwise). Errors are the shim's statuses
 * turned back into {@link CortadoException} of the same kind by proto's one mapping: a missing
 * task is NOT_FOUND, a task in the wrong state FAILED_PRECONDITION, a lost shim UNAVAILABLE.
 * {@code execId} is empty for the init process. Every call but Wait has {@code callTimeout}.
 */
public final class TaskClient implements AutoCloseable {
    private final TaskTransport transport;
    private final Optional<Duration> callTimeout;
    private final String peer;

    TaskClient(TaskTransport transport, Duration callTimeout, String peer) {
        this.transport = transport;
        this.callTimeout = Optional.of(callTimeout);
        this.peer = peer;
    }

    /** Connects to the shim a bootstrap reply names; UNAVAILABLE when nothing listens there. */
    public static TaskClient connect(BootstrapReply reply, String namespace, Duration callTimeout) {
        TaskTransport transport = reply.protocol() == BootstrapReply.Protocol.GRPC
                ? GrpcTaskTransport.connect(reply.socket(), namespace)
                : TtrpcTaskTransport.connect(reply.socket(), reply.taskService(), namespace);
        return new TaskClient(
                transport, callTimeout, reply.protocol() + " " + reply.taskService() + " at " + reply.socket());
    }

    public int create(CreateTask task) {
        return call(TaskGrpc.getCreateMethod(), TaskMessages.create(task)).getPid();
    }

    public int start(String id, String execId) {
        return call(
                        TaskGrpc.getStartMethod(),
                        StartRequest.newBuilder().setId(id).setExecId(execId).build())
                .getPid();
    }

    public ProcessState state(String id, String execId) {
        return TaskMessages.state(call(
                TaskGrpc.getStateMethod(),
                StateRequest.newBuilder().setId(id).setExecId(execId).build()));
    }

    public void kill(String id, String execId, int signal, boolean all) {
        call(
                TaskGrpc.getKillMethod(),
                KillRequest.newBuilder()
                        .setId(id)
                        .setExecId(execId)
                        .setSignal(signal)
                        .setAll(all)
                        .build());
    }

    /** Completes when the process exits (no timeout; the shim answers at the exit). */
    public CompletableFuture<ExitResult> waitAsync(String id, String execId) {
        return transport
                .call(
                        TaskGrpc.getWaitMethod(),
                        WaitRequest.newBuilder().setId(id).setExecId(execId).build(),
                        Optional.empty())
                .thenApply(r -> new ExitResult(0, r.getExitStatus(), TaskMessages.instant(r.getExitedAt())));
    }

    public ExitResult waitExit(String id, String execId) {
        return join(waitAsync(id, execId), TaskGrpc.getWaitMethod());
    }

    public ExitResult delete(String id, String execId) {
        DeleteResponse r = call(
                TaskGrpc.getDeleteMethod(),
                DeleteRequest.newBuilder().setId(id).setExecId(execId).build());
        return new ExitResult(r.getPid(), r.getExitStatus(), TaskMessages.instant(r.getExitedAt()));
    }

    public void exec(String id, ExecProcess exec) {
        call(TaskGrpc.getExecMethod(), TaskMessages.exec(id, exec));
    }

    public void resizePty(String id, String execId, int width, int height) {
        call(
                TaskGrpc.getResizePtyMethod(),
                ResizePtyRequest.newBuilder()
                        .setId(id)
                        .setExecId(execId)
                        .setWidth(width)
                        .setHeight(height)
                        .build());
    }

    public void closeStdin(String id, String execId) {
        call(
                TaskGrpc.getCloseIOMethod(),
                CloseIORequest.newBuilder()
                        .setId(id)
                        .setExecId(execId)
                        .setStdin(true)
                        .build());
    }

    public List<Integer> pids(String id) {
        return call(TaskGrpc.getPidsMethod(), PidsRequest.newBuilder().setId(id).build()).getProcessesList().stream()
                .map(p -> p.getPid())
                .toList();
    }

    public void pause(String id) {
        call(TaskGrpc.getPauseMethod(), PauseRequest.newBuilder().setId(id).build());
    }

    public void resume(String id) {
        call(TaskGrpc.getResumeMethod(), ResumeRequest.newBuilder().setId(id).build());
    }

    /** Sets the task's resources: an OCI {@code LinuxResources} object as JSON. */
    public void update(String id, String linuxResourcesJson, Map<String, String> annotations) {
        call(
                TaskGrpc.getUpdateMethod(),
                UpdateTaskRequest.newBuilder()
                        .setId(id)
                        .setResources(TaskMessages.json(TaskMessages.RESOURCES_TYPE, linuxResourcesJson))
                        .putAllAnnotations(annotations)
                        .build());
    }

    /** The task's metrics as the shim encodes them (cgroup v2: {@code io.containerd.cgroups.v2.Metrics}). */
    public TypedValue stats(String id) {
        return TaskMessages.typed(call(
                        TaskGrpc.getStatsMethod(),
                        StatsRequest.newBuilder().setId(id).build())
                .getStats());
    }

    /**
     * Checkpoints the task with CRIU into {@code images} (containerd's runc {@code CheckpointOptions}:
     * criu's work dir {@code work}, the task left running unless {@code exit}); may take longer
     * than other calls, so it has its own {@code timeout}.
     */
    public void checkpoint(
            String id, java.nio.file.Path images, java.nio.file.Path work, boolean exit, Duration timeout) {
        dev.cortado.api.containerd.runc.v1.CheckpointOptions options =
                dev.cortado.api.containerd.runc.v1.CheckpointOptions.newBuilder()
                        .setExit(exit)
                        .setWorkPath(work.toString())
                        .build();
        CheckpointTaskRequest request = CheckpointTaskRequest.newBuilder()
                .setId(id)
                .setPath(images.toString())
                .setOptions(com.google.protobuf.Any.newBuilder()
                        .setTypeUrl(options.getDescriptorForType().getFullName())
                        .setValue(options.toByteString()))
                .build();
        join(
                transport.call(TaskGrpc.getCheckpointMethod(), request, Optional.of(timeout)),
                TaskGrpc.getCheckpointMethod());
    }

    public ShimInfo connect(String id) {
        ConnectResponse r = call(
                TaskGrpc.getConnectMethod(),
                ConnectRequest.newBuilder().setId(id).build());
        return new ShimInfo(r.getShimPid(), r.getTaskPid(), r.getVersion());
    }

    /**
     * Asks the shim to exit (it does when it serves no task). A shim that exits before it
     * answers closes the connection: that is success, as containerd treats {@code ErrClosed}.
     */
    public void shutdown(String id) {
        try {
            call(
                    TaskGrpc.getShutdownMethod(),
                    ShutdownRequest.newBuilder().setId(id).build());
        } catch (CortadoException e) {
            if (e.kind() != ErrorKind.UNAVAILABLE) {
                throw e;
            }
        }
    }

    public boolean isConnected() {
        return transport.isConnected();
    }

    @Override
    public void close() {
        transport.close();
    }

    private <Q, R> R call(MethodDescriptor<Q, R> method, Q request) {
        return join(transport.call(method, request, callTimeout), method);
    }

    private <R> R join(CompletableFuture<R> future, MethodDescriptor<?, ?> method) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof CortadoException ce) {
                throw new CortadoException(
                        ce.kind(), "shim " + method.getBareMethodName() + " (" + peer + "): " + ce.getMessage(), ce);
            }
            throw CortadoException.internal(
                    "shim " + method.getBareMethodName() + " (" + peer + ") failed", e.getCause());
        }
    }

    @Override
    public String toString() {
        return "TaskClient[" + peer + "]";
    }
}
