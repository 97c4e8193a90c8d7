package dev.cortado.cri.grpc;

import com.google.protobuf.UnsafeByteOperations;
import dev.cortado.api.cri.v1.ContainerEventResponse;
import dev.cortado.api.cri.v1.ContainerStatusRequest;
import dev.cortado.api.cri.v1.ContainerStatusResponse;
import dev.cortado.api.cri.v1.CreateContainerRequest;
import dev.cortado.api.cri.v1.CreateContainerResponse;
import dev.cortado.api.cri.v1.ExecSyncRequest;
import dev.cortado.api.cri.v1.ExecSyncResponse;
import dev.cortado.api.cri.v1.GetEventsRequest;
import dev.cortado.api.cri.v1.ListContainersRequest;
import dev.cortado.api.cri.v1.ListContainersResponse;
import dev.cortado.api.cri.v1.RemoveContainerRequest;
import dev.cortado.api.cri.v1.RemoveContainerResponse;
import dev.cortado.api.cri.v1.ReopenContainerLogRequest;
import dev.cortado.api.cri.v1.ReopenContainerLogResponse;
import dev.cortado.api.cri.v1.StartContainerRequest;
import dev.cortado.api.cri.v1.StartContainerResponse;
import dev.cortado.api.cri.v1.StopContainerRequest;
import dev.cortado.api.cri.v1.StopContainerResponse;
import dev.cortado.api.cri.v1.StreamContainersRequest;
import dev.cortado.api.cri.v1.StreamContainersResponse;
import dev.cortado.api.cri.v1.UpdateContainerResourcesRequest;
import dev.cortado.api.cri.v1.UpdateContainerResourcesResponse;
import dev.cortado.cri.container.Container;
import dev.cortado.cri.container.Containers;
import dev.cortado.cri.container.ExecSyncResult;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The container RPCs of the CRI RuntimeService over the domain {@link Containers}. */
public final class CriContainers {
    private static final Logger LOG = LoggerFactory.getLogger(CriContainers.class);
    private static final int STREAM_BATCH = 100;

    private final Containers containers;
    private final ContainerEventFanout events;

    public CriContainers(Containers containers, ContainerEventFanout events) {
        this.containers = containers;
        this.events = events;
    }

    void create(CreateContainerRequest request, StreamObserver<CreateContainerResponse> response) {
        requireId("CreateContainer", "pod_sandbox_id", request.getPodSandboxId());
        if (!request.hasConfig() || request.getConfig().getMetadata().getName().isEmpty()) {
            throw CortadoException.invalidArgument("CreateContainer needs a config with metadata.name");
        }
        Container created =
                containers.create(request.getPodSandboxId(), request.getConfig(), request.getSandboxConfig());
        respond(
                response,
                CreateContainerResponse.newBuilder()
                        .setContainerId(created.id())
                        .build());
    }

    void start(StartContainerRequest request, StreamObserver<StartContainerResponse> response) {
        containers.start(requireId("StartContainer", "container_id", request.getContainerId()));
        respond(response, StartContainerResponse.getDefaultInstance());
    }

    /**
     * The timeout in seconds; 0 or less kills at once (containerd sends the stop signal only when
     * {@code timeout > 0}). Idempotent, and an unknown container is not an error, as containerd
     * (CRI api.proto: "must not return an error if the container has already been stopped").
     */
    void stop(StopContainerRequest request, StreamObserver<StopContainerResponse> response) {
        String id = requireId("StopContainer", "container_id", request.getContainerId());
        try {
            containers.stop(id, Duration.ofSeconds(Math.max(0, request.getTimeout())));
        } catch (CortadoException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                throw e;
            }
            LOG.debug("StopContainer of unknown container {}: nothing to stop", id);
        }
        respond(response, StopContainerResponse.getDefaultInstance());
    }

    void remove(RemoveContainerRequest request, StreamObserver<RemoveContainerResponse> response) {
        containers.remove(requireId("RemoveContainer", "container_id", request.getContainerId()));
        respond(response, RemoveContainerResponse.getDefaultInstance());
    }

    void status(ContainerStatusRequest request, StreamObserver<ContainerStatusResponse> response) {
        Container container = containers.status(requireId("ContainerStatus", "container_id", request.getContainerId()));
        ContainerStatusResponse.Builder out =
                ContainerStatusResponse.newBuilder().setStatus(ProtoContainers.status(container));
        if (request.getVerbose()) {
            out.putAllInfo(containers.verboseInfo(container));
        }
        respond(response, out.build());
    }

    void list(ListContainersRequest request, StreamObserver<ListContainersResponse> response) {
        respond(
                response,
                ListContainersResponse.newBuilder()
                        .addAllContainers(found(request.hasFilter(), request.getFilter()))
                        .build());
    }

    /** Each container exactly once, in batches of at most {@value #STREAM_BATCH}, then EOF (proto). */
    void stream(StreamContainersRequest request, StreamObserver<StreamContainersResponse> response) {
        List<dev.cortado.api.cri.v1.Container> found = found(request.hasFilter(), request.getFilter());
        for (int from = 0; from < found.size(); from += STREAM_BATCH) {
            response.onNext(StreamContainersResponse.newBuilder()
                    .addAllContainers(found.subList(from, Math.min(found.size(), from + STREAM_BATCH)))
                    .build());
        }
        response.onCompleted();
    }

    private List<dev.cortado.api.cri.v1.Container> found(boolean present, dev.cortado.api.cri.v1.ContainerFilter f) {
        return containers.list(ProtoContainers.filter(present, f)).stream()
                .map(ProtoContainers::toProto)
                .toList();
    }

    /**
     * ExecSync: a timeout of 0 or less is none (containerd sets a deadline only when it is > 0).
     * The CRI response has no truncation flag; as containerd and CRI-O, output past the cap is
     * dropped without a marker in the bytes, and the truncation is logged here.
     */
    void execSync(ExecSyncRequest request, StreamObserver<ExecSyncResponse> response) {
        String id = requireId("ExecSync", "container_id", request.getContainerId());
        if (request.getCmdCount() == 0) {
            throw CortadoException.invalidArgument("ExecSync in %s needs a cmd", id);
        }
        ExecSyncResult result =
                containers.execSync(id, request.getCmdList(), Duration.ofSeconds(Math.max(0, request.getTimeout())));
        byte[] stdout = result.stdout();
        byte[] stderr = result.stderr();
        if (result.stdoutTruncated() || result.stderrTruncated()) {
            LOG.info(
                    "ExecSync {} in {}: output truncated (stdout {} bytes{}, stderr {} bytes{})",
                    request.getCmd(0),
                    id,
                    stdout.length,
                    result.stdoutTruncated() ? ", truncated" : "",
                    stderr.length,
                    result.stderrTruncated() ? ", truncated" : "");
        }
        // the arrays are our own copies (ExecSyncResult hands out clones): wrap, do not copy 16 MiB again
        respond(
                response,
                ExecSyncResponse.newBuilder()
                        .setStdout(UnsafeByteOperations.unsafeWrap(stdout))
                        .setStderr(UnsafeByteOperations.unsafeWrap(stderr))
                        .setExitCode(result.exitCode())
                        .build());
    }

    /** UpdateContainerResources: the Linux resources are required (kubelet always sends them). */
    void updateResources(
            UpdateContainerResourcesRequest request, StreamObserver<UpdateContainerResourcesResponse> response) {
        String id = requireId("UpdateContainerResources", "container_id", request.getContainerId());
        if (!request.hasLinux()) {
            throw CortadoException.invalidArgument("UpdateContainerResources of %s needs linux resources", id);
        }
        containers.updateResources(id, request.getLinux());
        respond(response, UpdateContainerResourcesResponse.getDefaultInstance());
    }

    void reopenLog(ReopenContainerLogRequest request, StreamObserver<ReopenContainerLogResponse> response) {
        containers.reopenLog(requireId("ReopenContainerLog", "container_id", request.getContainerId()));
        respond(response, ReopenContainerLogResponse.getDefaultInstance());
    }

    void events(GetEventsRequest request, StreamObserver<ContainerEventResponse> response) {
        events.subscribe((ServerCallStreamObserver<ContainerEventResponse>) response);
    }

    private static String requireId(String rpc, String field, String id) {
        if (id.isEmpty()) {
            throw CortadoException.invalidArgument("%s needs a %s", rpc, field);
        }
        return id;
    }

    private static <T> void respond(StreamObserver<T> response, T value) {
        response.onNext(value);
        response.onCompleted();
    }
}
