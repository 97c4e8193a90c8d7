package dev.cortado.cri.grpc;

import dev.cortado.api.cri.v1.CheckpointContainerRequest;
import dev.cortado.api.cri.v1.CheckpointContainerResponse;
import dev.cortado.api.cri.v1.CheckpointPodRequest;
import dev.cortado.api.cri.v1.CheckpointPodResponse;
import dev.cortado.api.cri.v1.RestorePodRequest;
import dev.cortado.api.cri.v1.RestorePodResponse;
import dev.cortado.cri.checkpoint.CriuStatus;
import dev.cortado.cri.container.Containers;
import dev.cortado.errors.CortadoException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The checkpoint RPCs of the CRI RuntimeService. CheckpointContainer writes CRI-O's archive
 * (kubelet's checkpoint API, {@code crictl checkpoint}); CheckpointPod and RestorePod answer
 * FAILED_PRECONDITION where criu does not work (as CheckpointContainer) and UNIMPLEMENTED
 * otherwise: whole-pod archives are not written yet.
 */
public final class CriCheckpoints {
    private final Containers containers;
    private final CriuStatus criu;

    public CriCheckpoints(Containers containers, CriuStatus criu) {
        this.containers = containers;
        this.criu = criu;
    }

    /** timeout in seconds; 0 or less: the default (5 minutes). */
    void container(CheckpointContainerRequest request, StreamObserver<CheckpointContainerResponse> response) {
        if (request.getContainerId().isEmpty()) {
            throw CortadoException.invalidArgument("CheckpointContainer needs a container_id");
        }
        if (request.getLocation().isEmpty()) {
            throw CortadoException.invalidArgument(
                    "CheckpointContainer of %s needs a location", request.getContainerId());
        }
        containers.checkpoint(
                request.getContainerId(),
                Path.of(request.getLocation()),
                Duration.ofSeconds(Math.max(0, request.getTimeout())));
        response.onNext(CheckpointContainerResponse.getDefaultInstance());
        response.onCompleted();
    }

    void pod(CheckpointPodRequest request, StreamObserver<CheckpointPodResponse> response) {
        if (request.getPodSandboxId().isEmpty() || request.getOutputPath().isEmpty()) {
            throw CortadoException.invalidArgument("CheckpointPod needs a pod_sandbox_id and an output_path");
        }
        criu.require("checkpoint pod " + request.getPodSandboxId());
        throw CortadoException.unimplemented(
                "CheckpointPod of %s: whole-pod checkpoints are not supported yet " + "(CheckpointContainer is)",
                request.getPodSandboxId());
    }

    void restorePod(RestorePodRequest request, StreamObserver<RestorePodResponse> response) {
        if (request.getCheckpointPath().isEmpty()) {
            throw CortadoException.invalidArgument("RestorePod needs a checkpoint_path");
        }
        criu.require("restore pod from " + request.getCheckpointPath());
        throw CortadoException.unimplemented(
                "RestorePod from %s: restoring pods is not supported yet", request.getCheckpointPath());
    }
}
