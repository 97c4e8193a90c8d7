package dev.cortado.shim.task.api;

import com.google.protobuf.Empty;
import dev.cortado.api.containerd.task.v3.*;
import dev.cortado.api.containerd.v1.types.ProcessInfo;
import dev.cortado.errors.CortadoException;
import dev.cortado.shim.checkpoint.TaskCheckpointer;
import dev.cortado.shim.io.StdioPaths;
import dev.cortado.shim.process.ExitStatus;
import dev.cortado.shim.task.ProcessOperations;
import dev.cortado.shim.task.ProcessView;
import dev.cortado.shim.task.TaskKey;
import dev.cortado.shim.task.TaskResources;
import dev.cortado.shim.task.TaskService;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * containerd's Task API ({@code containerd.task.v3.Task}, wire-identical to v2) in front of the
 * task service: every RPC maps its request to our records, calls the domain, and maps back.
 * Errors are {@link CortadoException}s, turned into statuses by the servers' one interceptor.
 */
public final class TaskApiAdapter extends TaskGrpc.TaskImplBase {
    /** What Connect reports as the shim version. */
    static final String VERSION = "cortado-0.1.0";

    private final TaskService tasks;
    private final ProcessOperations ops;
    private final TaskResources resources;
    private final ShutdownPolicy shutdown;
    private final TaskInfoAdapter info;
    private final Optional<TaskCheckpointer> checkpoints;

    /** An adapter whose Checkpoint answers UNIMPLEMENTED. */
    public TaskApiAdapter(TaskService tasks, ProcessOperations ops, TaskResources resources, ShutdownPolicy shutdown) {
        this(tasks, ops, resources, shutdown, Optional.empty());
    }

    /** @param checkpoints Checkpoint with criu; while absent it answers UNIMPLEMENTED */
    public TaskApiAdapter(
            TaskService tasks,
            ProcessOperations ops,
            TaskResources resources,
            ShutdownPolicy shutdown,
            Optional<TaskCheckpointer> checkpoints) {
        this.checkpoints = checkpoints;
        this.info = new TaskInfoAdapter(tasks);
        this.tasks = tasks;
        this.ops = ops;
        this.resources = resources;
        this.shutdown = shutdown;
    }

    /** {@code cortado.shim.v1.Tasks}, served next to this Task API (see {@link TaskInfoAdapter}). */
    public TaskInfoAdapter infoService() {
        return info;
    }

    private static TaskKey key(String id) {
        return new TaskKey(NamespaceInterceptor.current(), id);
    }

    private static <R> void answer(StreamObserver<R> out, Supplier<R> call) {
        R response;
        try {
            response = call.get();
        } catch (RuntimeException e) {
            out.onError(e);
            return;
        }
        out.onNext(response);
        out.onCompleted();
    }

    @Override
    public void create(CreateTaskRequest r, StreamObserver<CreateTaskResponse> out) {
        answer(out, () -> {
            if (!r.getCheckpoint().isEmpty()) {
                throw CortadoException.unimplemented(
                        "task %s: restore from checkpoint %s is not supported by the " + "cortado shim",
                        r.getId(), r.getCheckpoint());
            }
            int pid = tasks.create(TaskMessages.createTask(key(r.getId()), r));
            return CreateTaskResponse.newBuilder().setPid(pid).build();
        });
    }

    @Override
    public void start(StartRequest r, StreamObserver<StartResponse> out) {
        answer(
                out,
                () -> StartResponse.newBuilder()
                        .setPid(tasks.start(key(r.getId()), r.getExecId()))
                        .build());
    }

    @Override
    public void state(StateRequest r, StreamObserver<StateResponse> out) {
        answer(out, () -> TaskMessages.stateResponse(tasks.state(key(r.getId()), r.getExecId())));
    }

    @Override
    public void delete(DeleteRequest r, StreamObserver<DeleteResponse> out) {
        answer(out, () -> {
            ProcessView v = tasks.delete(key(r.getId()), r.getExecId());
            return DeleteResponse.newBuilder()
                    .setPid(v.pid())
                    .setExitStatus(TaskMessages.exitCode(v))
                    .setExitedAt(TaskMessages.exitedAt(v))
                    .build();
        });
    }

    @Override
    public void pids(PidsRequest r, StreamObserver<PidsResponse> out) {
        answer(out, () -> {
            PidsResponse.Builder b = PidsResponse.newBuilder();
            resources
                    .pids(key(r.getId()))
                    .forEach(pid -> b.addProcesses(ProcessInfo.newBuilder().setPid(pid.intValue())));
            return b.build();
        });
    }

    @Override
    public void pause(PauseRequest r, StreamObserver<Empty> out) {
        answer(out, () -> {
            resources.pause(key(r.getId()));
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void resume(ResumeRequest r, StreamObserver<Empty> out) {
        answer(out, () -> {
            resources.resume(key(r.getId()));
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void checkpoint(CheckpointTaskRequest r, StreamObserver<Empty> out) {
        answer(out, () -> {
            TaskCheckpointer c = checkpoints.orElseThrow(
                    () -> CortadoException.unimplemented("checkpoint of %s: no CRIU support", r.getId()));
            c.checkpoint(key(r.getId()), Path.of(r.getPath()), CheckpointOptionsAdapter.settings(r.getOptions()));
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void kill(KillRequest r, StreamObserver<Empty> out) {
        answer(out, () -> {
            ops.kill(key(r.getId()), r.getExecId(), r.getSignal(), r.getAll());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void exec(ExecProcessRequest r, StreamObserver<Empty> out) {
        answer(out, () -> {
            ops.exec(
                    key(r.getId()),
                    r.getExecId(),
                    new StdioPaths(r.getStdin(), r.getStdout(), r.getStderr(), r.getTerminal()),
                    r.getSpec().getValue().toString(StandardCharsets.UTF_8));
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void resizePty(ResizePtyRequest r, StreamObserver<Empty> out) {
        answer(out, () -> {
            ops.resize(key(r.getId()), r.getExecId(), r.getWidth(), r.getHeight());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void closeIO(CloseIORequest r, StreamObserver<Empty> out) {
        answer(out, () -> {
            if (r.getStdin()) {
                ops.closeStdin(key(r.getId()), r.getExecId());
            }
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void update(UpdateTaskRequest r, StreamObserver<Empty> out) {
        answer(out, () -> {
            resources.update(
                    key(r.getId()),
                    LinuxResourcesJson.parse(r.getResources().getValue().toByteArray()));
            return Empty.getDefaultInstance();
        });
    }

    /**
     * Answers when the process exits, holding no thread meanwhile: containerd keeps a Wait open
     * for every task it runs, so a blocked handler per Wait would be a thread per task. A Wait
     * whose call ends first (containerd gone) lets go of the exit.
     */
    @Override
    public void wait(WaitRequest r, StreamObserver<WaitResponse> out) {
        CompletableFuture<ExitStatus> exit;
        try {
            exit = tasks.exitOf(key(r.getId()), r.getExecId());
        } catch (RuntimeException e) {
            out.onError(e);
            return;
        }
        if (out instanceof ServerCallStreamObserver<WaitResponse> call) {
            call.setOnCancelHandler(() -> exit.cancel(false));
        }
        exit.whenComplete((e, failed) -> {
            if (exit.isCancelled()) {
                return; // the call is over: nobody to answer
            }
            if (failed != null) {
                out.onError(CortadoException.internal(
                        "wait for " + r.getId() + (r.getExecId().isEmpty() ? "" : " exec " + r.getExecId()),
                        failed instanceof CompletionException && failed.getCause() != null
                                ? failed.getCause()
                                : failed));
                return;
            }
            out.onNext(WaitResponse.newBuilder()
                    .setExitStatus(e.code())
                    .setExitedAt(TaskMessages.timestamp(e.exitedAt()))
                    .build());
            out.onCompleted();
        });
    }

    @Override
    public void stats(StatsRequest r, StreamObserver<StatsResponse> out) {
        answer(
                out,
                () -> StatsResponse.newBuilder()
                        .setStats(TaskMessages.bare(
                                TaskMessages.METRICS_TYPE, MetricsMapper.toMetrics(resources.stats(key(r.getId())))))
                        .build());
    }

    @Override
    public void connect(ConnectRequest r, StreamObserver<ConnectResponse> out) {
        answer(
                out,
                () -> ConnectResponse.newBuilder()
                        .setShimPid((int) ProcessHandle.current().pid())
                        .setTaskPid(tasks.state(key(r.getId()), "").pid())
                        .setVersion(VERSION)
                        .build());
    }

    @Override
    public void shutdown(ShutdownRequest r, StreamObserver<Empty> out) {
        answer(out, () -> {
            shutdown.requested();
            return Empty.getDefaultInstance();
        });
    }
}
