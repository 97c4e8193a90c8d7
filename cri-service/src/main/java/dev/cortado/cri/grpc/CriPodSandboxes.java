package dev.cortado.cri.grpc;

import dev.cortado.api.cri.v1.ListPodSandboxRequest;
import dev.cortado.api.cri.v1.ListPodSandboxResponse;
import dev.cortado.api.cri.v1.PodSandboxStatusRequest;
import dev.cortado.api.cri.v1.PodSandboxStatusResponse;
import dev.cortado.api.cri.v1.RemovePodSandboxRequest;
import dev.cortado.api.cri.v1.RemovePodSandboxResponse;
import dev.cortado.api.cri.v1.RunPodSandboxRequest;
import dev.cortado.api.cri.v1.RunPodSandboxResponse;
import dev.cortado.api.cri.v1.StopPodSandboxRequest;
import dev.cortado.api.cri.v1.StopPodSandboxResponse;
import dev.cortado.api.cri.v1.StreamPodSandboxesRequest;
import dev.cortado.api.cri.v1.StreamPodSandboxesResponse;
import dev.cortado.api.cri.v1.UpdatePodSandboxResourcesRequest;
import dev.cortado.api.cri.v1.UpdatePodSandboxResourcesResponse;
import dev.cortado.api.cri.v1.UpdateRuntimeConfigRequest;
import dev.cortado.api.cri.v1.UpdateRuntimeConfigResponse;
import dev.cortado.cri.sandbox.Sandbox;
import dev.cortado.cri.sandbox.SandboxService;
import dev.cortado.errors.CortadoException;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.List;

/** The pod RPCs of the CRI RuntimeService over the domain {@link SandboxService}. */
public final class CriPodSandboxes {
    private static final int STREAM_BATCH = 100;

    private final SandboxService sandboxes;
    private final Clock clock;

    public CriPodSandboxes(SandboxService sandboxes, Clock clock) {
        this.sandboxes = sandboxes;
        this.clock = clock;
    }

    void run(RunPodSandboxRequest request, StreamObserver<RunPodSandboxResponse> response) {
        if (!request.hasConfig()) {
            throw CortadoException.invalidArgument("RunPodSandbox needs a config");
        }
        Sandbox sandbox = sandboxes.run(ProtoSandboxes.config(request.getConfig(), request.getRuntimeHandler()));
        respond(
                response,
                RunPodSandboxResponse.newBuilder().setPodSandboxId(sandbox.id()).build());
    }

    void stop(StopPodSandboxRequest request, StreamObserver<StopPodSandboxResponse> response) {
        sandboxes.stop(request.getPodSandboxId());
        respond(response, StopPodSandboxResponse.getDefaultInstance());
    }

    void remove(RemovePodSandboxRequest request, StreamObserver<RemovePodSandboxResponse> response) {
        sandboxes.remove(request.getPodSandboxId());
        respond(response, RemovePodSandboxResponse.getDefaultInstance());
    }

    void status(PodSandboxStatusRequest request, StreamObserver<PodSandboxStatusResponse> response) {
        Sandbox sandbox = sandboxes.status(request.getPodSandboxId());
        var instant = clock.instant();
        PodSandboxStatusResponse.Builder out = PodSandboxStatusResponse.newBuilder()
                .setStatus(ProtoSandboxes.status(sandbox))
                // containers_statuses stay empty until containers exist (issue 12)
                .setTimestamp(instant.getEpochSecond() * 1_000_000_000L + instant.getNano());
        if (request.getVerbose()) {
            out.putInfo("info", sandboxes.verboseJson(sandbox));
        }
        respond(response, out.build());
    }

    void list(ListPodSandboxRequest request, StreamObserver<ListPodSandboxResponse> response) {
        List<Sandbox> found = sandboxes.list(ProtoSandboxes.filter(request.hasFilter(), request.getFilter()));
        respond(
                response,
                ListPodSandboxResponse.newBuilder()
                        .addAllItems(found.stream().map(ProtoSandboxes::toProto).toList())
                        .build());
    }

    /** Each pod exactly once, in batches of at most {@value #STREAM_BATCH}, then EOF (proto). */
    void stream(StreamPodSandboxesRequest request, StreamObserver<StreamPodSandboxesResponse> response) {
        List<Sandbox> found = sandboxes.list(ProtoSandboxes.filter(request.hasFilter(), request.getFilter()));
        for (int from = 0; from < found.size(); from += STREAM_BATCH) {
            response.onNext(StreamPodSandboxesResponse.newBuilder()
                    .addAllPodSandboxes(found.subList(from, Math.min(found.size(), from + STREAM_BATCH)).stream()
                            .map(ProtoSandboxes::toProto)
                            .toList())
                    .build());
        }
        response.onCompleted();
    }

    void updateRuntimeConfig(UpdateRuntimeConfigRequest request, StreamObserver<UpdateRuntimeConfigResponse> response) {
        sandboxes.updatePodCidr(request.getRuntimeConfig().getNetworkConfig().getPodCidr());
        respond(response, UpdateRuntimeConfigResponse.getDefaultInstance());
    }

    void updateResources(
            UpdatePodSandboxResourcesRequest request, StreamObserver<UpdatePodSandboxResourcesResponse> response) {
        sandboxes.updateResources(
                request.getPodSandboxId(),
                ProtoSandboxes.optionalResources(request.hasOverhead(), request.getOverhead()),
                ProtoSandboxes.optionalResources(request.hasResources(), request.getResources()));
        respond(response, UpdatePodSandboxResourcesResponse.getDefaultInstance());
    }

    private static <T> void respond(StreamObserver<T> response, T value) {
        response.onNext(value);
        response.onCompleted();
    }
}
