package dev.cortado.cri.grpc;

import dev.cortado.api.cri.v1.CheckpointContainerRequest;
import dev.cortado.api.cri.v1.CheckpointContainerResponse;
import dev.cortado.api.cri.v1.CheckpointPodRequest;
import dev.cortado.api.cri.v1.CheckpointPodResponse;
import dev.cortado.api.cri.v1.RestorePodRequest;
import dev.cortado.api.cri.v1.RestorePodResponse;
import dev.cortado.cri.checkpoint.CheckpointArchive;
import dev.cortado.cri.checkpoint.CriuStatus;
import dev.cortado.cri.container.Containers;
import dev.cortado.errors.CortadoException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The checkpoint RPCs of the CRI RuntimeService. CheckpointContainer writes CRI-O's archive
 * (kubelet's checkpoint API, {@code crictl checkpoint}), which CreateContainer restores (its
 * path as the image, CRI-O's way); CheckpointPod and RestorePod answer FAILED_PRECONDITION where
 * criu does not work (as CheckpointContainer) and UNIMPLEMENTED otherwise: whole-pod archives are
 * not written yet. RestorePod given a container's archive says how to restore that instead.
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
        String path = request.getCheckpointPath();
        if (!path.startsWith("/") || !Files.exists(Path.of(path))) {
            throw CortadoException.invalidArgument(
                    "RestorePod: checkpoint_path %s is not an existing absolute path", path);
        }
        if (CheckpointArchive.named(path).isPresent() && isContainerCheckpoint(Path.of(path))) {
            throw CortadoException.invalidArgument(
                    "RestorePod: %s is a container checkpoint, not a pod's: restore it with CreateContainer "
                            + "(the archive's path as the image) in a pod of its own",
                    path);
        }
        criu.require("restore pod from " + path);
        throw CortadoException.unimplemented(
                "RestorePod from %s: restoring pods is not supported yet", request.getCheckpointPath());
    }

    private static boolean isContainerCheckpoint(Path archive) {
        try {
            CheckpointArchive.read(archive);
            return true;
        } catch (CortadoException e) {
            return false; // not one of ours: RestorePod's own checks decide
        }
    }
}
