package dev.cortado.cri.grpc;

import dev.cortado.api.cri.v1.RunPodSandboxRequest;
import dev.cortado.api.cri.v1.RunPodSandboxResponse;
import dev.cortado.api.cri.v1.StopPodSandboxRequest;
import dev.cortado.api.cri.v1.StopPodSandboxResponse;
import dev.cortado.api.cri.v1.RemovePodSandboxRequest;
import dev.cortado.api.cri.v1.RemovePodSandboxResponse;
import dev.cortado.api.cri.v1.PodSandboxStatusRequest;
import dev.cortado.api.cri.v1.PodSandboxStatusResponse;
import dev.cortado.api.cri.v1.ListPodSandboxRequest;
import dev.cortado.api.cri.v1.ListPodSandboxResponse;
import dev.cortado.api.cri.v1.StreamPodSandboxesRequest;
import dev.cortado.api.cri.v1.StreamPodSandboxesResponse;
import dev.cortado.api.cri.v1.UpdateRuntimeConfigRequest;
import dev.cortado.api.cri.v1.UpdateRuntimeConfigResponse;
import dev.cortado.api.cri.v1.UpdatePodSandboxResourcesRequest;
import dev.cortado.api.cri.v1.UpdatePodSandboxResourcesResponse;
import dev.cortado.api.cri.v1.RuntimeCondition;
import dev.cortado.api.cri.v1.RuntimeFeatures;
import dev.cortado.api.cri.v1.RuntimeHandler;
import dev.cortado.api.cri.v1.RuntimeHandlerFeatures;
import dev.cortado.api.cri.v1.RuntimeServiceGrpc;
import dev.cortado.api.cri.v1.RuntimeStatus;
import dev.cortado.api.cri.v1.StatusRequest;
import dev.cortado.api.cri.v1.StatusResponse;
import dev.cortado.api.cri.v1.VersionRequest;
import dev.cortado.api.cri.v1.VersionResponse;
import dev.cortado.cri.status.Condition;
import dev.cortado.cri.status.RuntimeConditions;
import dev.cortado.cri.status.RuntimeVersion;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The CRI RuntimeService adapter: turns requests into calls on domain objects and domain
 * records into responses. RPCs whose feature has not landed keep the generated default, which
 * answers UNIMPLEMENTED naming the RPC ("Method runtime.v1.RuntimeService/X is unimplemented").
 */
public final class CriRuntimeService extends RuntimeServiceGrpc.RuntimeServiceImplBase {
    private final RuntimeVersion version;
    private final RuntimeConditions conditions;
    private final String defaultHandler;
    private final List<String> handlers;
    private final Supplier<Map<String, String>> verboseInfo;
    private final CriPodSandboxes pods;

    public CriRuntimeService(RuntimeVersion version, RuntimeConditions conditions, String defaultHandler,
            List<String> handlers, Supplier<Map<String, String>> verboseInfo, CriPodSandboxes pods) {
        this.pods = pods;
        this.version = version;
        this.conditions = conditions;
        this.defaultHandler = defaultHandler;
        this.handlers = List.copyOf(handlers);
        this.verboseInfo = verboseInfo;
    }

    @Override
    public void version(VersionRequest request, StreamObserver<VersionResponse> response) {
        response.onNext(VersionResponse.newBuilder()
                .setVersion(version.version())
                .setRuntimeName(version.runtimeName())
                .setRuntimeVersion(version.runtimeVersion())
                .setRuntimeApiVersion(version.runtimeApiVersion())
                .build());
        response.onCompleted();
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> response) {
        RuntimeConditions.Report report = conditions.report();
        RuntimeStatus.Builder status = RuntimeStatus.newBuilder();
        for (Condition condition : report.conditions()) {
            status.addConditions(RuntimeCondition.newBuilder().setType(condition.type())
                    .setStatus(condition.status()).setReason(condition.reason()).setMessage(condition.message()));
        }
        StatusResponse.Builder out = StatusResponse.newBuilder().setStatus(status)
                .setFeatures(RuntimeFeatures.getDefaultInstance());
        // Every configured handler, and the default once more under "" (the handler of pods without a
        // RuntimeClass), as containerd's introspectRuntimeHandlers. Tell the truth: no handler supports
        // the features yet; each flips when its issue lands.
        for (String name : handlers) {
            out.addRuntimeHandlers(RuntimeHandler.newBuilder().setName(name)
                    .setFeatures(RuntimeHandlerFeatures.getDefaultInstance()));
            if (name.equals(defaultHandler)) {
                out.addRuntimeHandlers(RuntimeHandler.newBuilder().setName("")
                        .setFeatures(RuntimeHandlerFeatures.getDefaultInstance()));
            }
        }
        if (request.getVerbose()) {
            out.putAllInfo(StatusInfo.of(report, verboseInfo.get()));
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void runPodSandbox(RunPodSandboxRequest request, StreamObserver<RunPodSandboxResponse> response) {
        pods.run(request, response);
    }

    @Override
    public void stopPodSandbox(StopPodSandboxRequest request, StreamObserver<StopPodSandboxResponse> response) {
        pods.stop(request, response);
    }

    @Override
    public void removePodSandbox(RemovePodSandboxRequest request, StreamObserver<RemovePodSandboxResponse> response) {
        pods.remove(request, response);
    }

    @Override
    public void podSandboxStatus(PodSandboxStatusRequest request, StreamObserver<PodSandboxStatusResponse> response) {
        pods.status(request, response);
    }

    @Override
    public void listPodSandbox(ListPodSandboxRequest request, StreamObserver<ListPodSandboxResponse> response) {
        pods.list(request, response);
    }

    @Override
    public void streamPodSandboxes(StreamPodSandboxesRequest request, StreamObserver<StreamPodSandboxesResponse> response) {
        pods.stream(request, response);
    }

    @Override
    public void updateRuntimeConfig(UpdateRuntimeConfigRequest request, StreamObserver<UpdateRuntimeConfigResponse> response) {
        pods.updateRuntimeConfig(request, response);
    }

    @Override
    public void updatePodSandboxResources(UpdatePodSandboxResourcesRequest request, StreamObserver<UpdatePodSandboxResourcesResponse> response) {
        pods.updateResources(request, response);
    }
}
