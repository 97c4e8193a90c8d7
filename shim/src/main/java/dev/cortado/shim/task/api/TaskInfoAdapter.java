package dev.cortado.shim.task.api;

import dev.cortado.api.cortado.shim.v1.DroppedLimit;
import dev.cortado.api.cortado.shim.v1.TaskInfoRequest;
import dev.cortado.api.cortado.shim.v1.TaskInfoResponse;
import dev.cortado.api.cortado.shim.v1.TasksGrpc;
import dev.cortado.shim.task.TaskInfo;
import dev.cortado.shim.task.TaskKey;
import dev.cortado.shim.task.TaskService;
import io.grpc.stub.StreamObserver;

/**
 * {@code cortado.shim.v1.Tasks}: what a task's verbose status shows beyond containerd's State
 * (its {@code UnenforceableLimits} policy and the limits it runs without). Served wherever the
 * Task API is, with the same {@link NamespaceInterceptor}.
 */
public final class TaskInfoAdapter extends TasksGrpc.TasksImplBase {
    private final TaskService tasks;

    public TaskInfoAdapter(TaskService tasks) {
        this.tasks = tasks;
    }

    @Override
    public void info(TaskInfoRequest r, StreamObserver<TaskInfoResponse> out) {
        TaskInfoResponse response;
        try {
            response = toResponse(tasks.info(new TaskKey(NamespaceInterceptor.current(), r.getId())));
        } catch (RuntimeException e) {
            out.onError(e);
            return;
        }
        out.onNext(response);
        out.onCompleted();
    }

    static TaskInfoResponse toResponse(TaskInfo info) {
        TaskInfoResponse.Builder b = TaskInfoResponse.newBuilder()
                .setUnenforceableLimits(info.unenforceableLimits().wireName());
        info.droppedLimits()
                .forEach(d -> b.addDroppedLimits(DroppedLimit.newBuilder()
                        .setController(d.controller())
                        .setFile(d.file())
                        .setValue(d.value())
                        .setReason(d.reason())));
        return b.build();
    }
}
