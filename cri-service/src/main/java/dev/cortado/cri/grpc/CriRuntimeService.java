package dev.cortado.cri.grpc;

import dev.cortado.api.cri.v1.AttachRequest;
import dev.cortado.api.cri.v1.AttachResponse;
import dev.cortado.api.cri.v1.CgroupDriver;
import dev.cortado.api.cri.v1.CheckpointContainerRequest;
import dev.cortado.api.cri.v1.CheckpointContainerResponse;
import dev.cortado.api.cri.v1.CheckpointPodRequest;
import dev.cortado.api.cri.v1.CheckpointPodResponse;
import dev.cortado.api.cri.v1.ContainerEventResponse;
import dev.cortado.api.cri.v1.ContainerStatsRequest;
import dev.cortado.api.cri.v1.ContainerStatsResponse;
import dev.cortado.api.cri.v1.ContainerStatusRequest;
import dev.cortado.api.cri.v1.ContainerStatusResponse;
import dev.cortado.api.cri.v1.CreateContainerRequest;
import dev.cortado.api.cri.v1.CreateContainerResponse;
import dev.cortado.api.cri.v1.ExecRequest;
import dev.cortado.api.cri.v1.ExecResponse;
import dev.cortado.api.cri.v1.ExecSyncRequest;
import dev.cortado.api.cri.v1.ExecSyncResponse;
import dev.cortado.api.cri.v1.GetEventsRequest;
import dev.cortado.api.cri.v1.LinuxRuntimeConfiguration;
import dev.cortado.api.cri.v1.ListContainerStatsRequest;
import dev.cortado.api.cri.v1.ListContainerStatsResponse;
import dev.cortado.api.cri.v1.ListContainersRequest;
import dev.cortado.api.cri.v1.ListContainersResponse;
import dev.cortado.api.cri.v1.ListMetricDescriptorsRequest;
import dev.cortado.api.cri.v1.ListMetricDescriptorsResponse;
import dev.cortado.api.cri.v1.ListPodSandboxMetricsRequest;
import dev.cortado.api.cri.v1.ListPodSandboxMetricsResponse;
import dev.cortado.api.cri.v1.ListPodSandboxRequest;
import dev.cortado.api.cri.v1.ListPodSandboxResponse;
import dev.cortado.api.cri.v1.ListPodSandboxStatsRequest;
import dev.cortado.api.cri.v1.ListPodSandboxStatsResponse;
import dev.cortado.api.cri.v1.PodSandboxStatsRequest;
import dev.cortado.api.cri.v1.PodSandboxStatsResponse;
import dev.cortado.api.cri.v1.PodSandboxStatusRequest;
import dev.cortado.api.cri.v1.PodSandboxStatusResponse;
import dev.cortado.api.cri.v1.PortForwardRequest;
import dev.cortado.api.cri.v1.PortForwardResponse;
import dev.cortado.api.cri.v1.RemoveContainerRequest;
import dev.cortado.api.cri.v1.RemoveContainerResponse;
import dev.cortado.api.cri.v1.RemovePodSandboxRequest;
import dev.cortado.api.cri.v1.RemovePodSandboxResponse;
import dev.cortado.api.cri.v1.ReopenContainerLogRequest;
import dev.cortado.api.cri.v1.ReopenContainerLogResponse;
import dev.cortado.api.cri.v1.RestorePodRequest;
import dev.cortado.api.cri.v1.RestorePodResponse;
import dev.cortado.api.cri.v1.RunPodSandboxRequest;
import dev.cortado.api.cri.v1.RunPodSandboxResponse;
import dev.cortado.api.cri.v1.RuntimeConfigRequest;
import dev.cortado.api.cri.v1.RuntimeConfigResponse;
import dev.cortado.api.cri.v1.RuntimeServiceGrpc;
import dev.cortado.api.cri.v1.StartContainerRequest;
import dev.cortado.api.cri.v1.StartContainerResponse;
import dev.cortado.api.cri.v1.StatusRequest;
import dev.cortado.api.cri.v1.StatusResponse;
import dev.cortado.api.cri.v1.StopContainerRequest;
import dev.cortado.api.cri.v1.StopContainerResponse;
import dev.cortado.api.cri.v1.StopPodSandboxRequest;
import dev.cortado.api.cri.v1.StopPodSandboxResponse;
import dev.cortado.api.cri.v1.StreamContainerStatsRequest;
import dev.cortado.api.cri.v1.StreamContainerStatsResponse;
import dev.cortado.api.cri.v1.StreamContainersRequest;
import dev.cortado.api.cri.v1.StreamContainersResponse;
import dev.cortado.api.cri.v1.StreamPodSandboxMetricsRequest;
import dev.cortado.api.cri.v1.StreamPodSandboxMetricsResponse;
import dev.cortado.api.cri.v1.StreamPodSandboxStatsRequest;
import dev.cortado.api.cri.v1.StreamPodSandboxStatsResponse;
import dev.cortado.api.cri.v1.StreamPodSandboxesRequest;
import dev.cortado.api.cri.v1.StreamPodSandboxesResponse;
import dev.cortado.api.cri.v1.UpdateContainerResourcesRequest;
import dev.cortado.api.cri.v1.UpdateContainerResourcesResponse;
import dev.cortado.api.cri.v1.UpdatePodSandboxResourcesRequest;
import dev.cortado.api.cri.v1.UpdatePodSandboxResourcesResponse;
import dev.cortado.api.cri.v1.UpdateRuntimeConfigRequest;
import dev.cortado.api.cri.v1.UpdateRuntimeConfigResponse;
import dev.cortado.api.cri.v1.VersionRequest;
import dev.cortado.api.cri.v1.VersionResponse;
import dev.cortado.cri.status.RuntimeVersion;
import dev.cortado.cri.streaming.api.CriStreaming;
import io.grpc.stub.StreamObserver;
import java.util.Optional;

/**
 * The CRI RuntimeService adapter: turns requests into calls on domain objects and domain
 * records into responses. RPCs whose feature has not landed keep the generated default, which
 * answers UNIMPLEMENTED naming the RPC ("Method runtime.v1.RuntimeService/X is unimplemented").
 */
public final class CriRuntimeService extends RuntimeServiceGrpc.RuntimeServiceImplBase {
    private final RuntimeVersion version;
    private final CriStatus status;
    private final CriPodSandboxes pods;
    private final Optional<CriContainers> containers;
    private final Optional<CriStats> stats;
    private final Optional<CgroupDriver> cgroupDriver;
    private final Optional<CriStreaming> streaming;
    private final Optional<CriCheckpoints> checkpoints;

    /**
     * @param status what Status reports: conditions, handlers and their features
     * @param pods the pod RPCs
     * @param parts the RPCs of each feature; an absent one answers UNIMPLEMENTED
     */
    public CriRuntimeService(RuntimeVersion version, CriStatus status, CriPodSandboxes pods, CriRuntimeParts parts) {
        this.version = version;
        this.status = status;
        this.pods = pods;
        this.containers = parts.containers();
        this.stats = parts.stats();
        this.cgroupDriver = parts.cgroupDriver();
        this.streaming = parts.streaming();
        this.checkpoints = parts.checkpoints();
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
        response.onNext(status.response(request.getVerbose()));
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
    public void streamPodSandboxes(
            StreamPodSandboxesRequest request, StreamObserver<StreamPodSandboxesResponse> response) {
        pods.stream(request, response);
    }

    @Override
    public void updateRuntimeConfig(
            UpdateRuntimeConfigRequest request, StreamObserver<UpdateRuntimeConfigResponse> response) {
        pods.updateRuntimeConfig(request, response);
    }

    @Override
    public void updatePodSandboxResources(
            UpdatePodSandboxResourcesRequest request, StreamObserver<UpdatePodSandboxResourcesResponse> response) {
        pods.updateResources(request, response);
    }

    @Override
    public void createContainer(CreateContainerRequest request, StreamObserver<CreateContainerResponse> response) {
        containers.ifPresentOrElse(c -> c.create(request, response), () -> super.createContainer(request, response));
    }

    @Override
    public void startContainer(StartContainerRequest request, StreamObserver<StartContainerResponse> response) {
        containers.ifPresentOrElse(c -> c.start(request, response), () -> super.startContainer(request, response));
    }

    @Override
    public void stopContainer(StopContainerRequest request, StreamObserver<StopContainerResponse> response) {
        containers.ifPresentOrElse(c -> c.stop(request, response), () -> super.stopContainer(request, response));
    }

    @Override
    public void removeContainer(RemoveContainerRequest request, StreamObserver<RemoveContainerResponse> response) {
        containers.ifPresentOrElse(c -> c.remove(request, response), () -> super.removeContainer(request, response));
    }

    @Override
    public void containerStatus(ContainerStatusRequest request, StreamObserver<ContainerStatusResponse> response) {
        containers.ifPresentOrElse(c -> c.status(request, response), () -> super.containerStatus(request, response));
    }

    @Override
    public void listContainers(ListContainersRequest request, StreamObserver<ListContainersResponse> response) {
        containers.ifPresentOrElse(c -> c.list(request, response), () -> super.listContainers(request, response));
    }

    @Override
    public void streamContainers(StreamContainersRequest request, StreamObserver<StreamContainersResponse> response) {
        containers.ifPresentOrElse(c -> c.stream(request, response), () -> super.streamContainers(request, response));
    }

    @Override
    public void execSync(ExecSyncRequest request, StreamObserver<ExecSyncResponse> response) {
        containers.ifPresentOrElse(c -> c.execSync(request, response), () -> super.execSync(request, response));
    }

    @Override
    public void reopenContainerLog(
            ReopenContainerLogRequest request, StreamObserver<ReopenContainerLogResponse> response) {
        containers.ifPresentOrElse(
                c -> c.reopenLog(request, response), () -> super.reopenContainerLog(request, response));
    }

    @Override
    public void getContainerEvents(GetEventsRequest request, StreamObserver<ContainerEventResponse> response) {
        containers.ifPresentOrElse(c -> c.events(request, response), () -> super.getContainerEvents(request, response));
    }

    @Override
    public void updateContainerResources(
            UpdateContainerResourcesRequest request, StreamObserver<UpdateContainerResourcesResponse> response) {
        containers.ifPresentOrElse(
                c -> c.updateResources(request, response), () -> super.updateContainerResources(request, response));
    }

    @Override
    public void containerStats(ContainerStatsRequest request, StreamObserver<ContainerStatsResponse> response) {
        stats.ifPresentOrElse(s -> s.container(request, response), () -> super.containerStats(request, response));
    }

    @Override
    public void listContainerStats(
            ListContainerStatsRequest request, StreamObserver<ListContainerStatsResponse> response) {
        stats.ifPresentOrElse(
                s -> s.listContainers(request, response), () -> super.listContainerStats(request, response));
    }

    @Override
    public void podSandboxStats(PodSandboxStatsRequest request, StreamObserver<PodSandboxStatsResponse> response) {
        stats.ifPresentOrElse(s -> s.pod(request, response), () -> super.podSandboxStats(request, response));
    }

    @Override
    public void listPodSandboxStats(
            ListPodSandboxStatsRequest request, StreamObserver<ListPodSandboxStatsResponse> response) {
        stats.ifPresentOrElse(s -> s.listPods(request, response), () -> super.listPodSandboxStats(request, response));
    }

    @Override
    public void streamContainerStats(
            StreamContainerStatsRequest request, StreamObserver<StreamContainerStatsResponse> response) {
        stats.ifPresentOrElse(
                s -> s.streamContainers(request, response), () -> super.streamContainerStats(request, response));
    }

    @Override
    public void streamPodSandboxStats(
            StreamPodSandboxStatsRequest request, StreamObserver<StreamPodSandboxStatsResponse> response) {
        stats.ifPresentOrElse(
                s -> s.streamPods(request, response), () -> super.streamPodSandboxStats(request, response));
    }

    @Override
    public void listMetricDescriptors(
            ListMetricDescriptorsRequest request, StreamObserver<ListMetricDescriptorsResponse> response) {
        stats.ifPresentOrElse(
                s -> s.metricDescriptors(request, response), () -> super.listMetricDescriptors(request, response));
    }

    @Override
    public void listPodSandboxMetrics(
            ListPodSandboxMetricsRequest request, StreamObserver<ListPodSandboxMetricsResponse> response) {
        stats.ifPresentOrElse(
                s -> s.listPodMetrics(request, response), () -> super.listPodSandboxMetrics(request, response));
    }

    @Override
    public void streamPodSandboxMetrics(
            StreamPodSandboxMetricsRequest request, StreamObserver<StreamPodSandboxMetricsResponse> response) {
        stats.ifPresentOrElse(
                s -> s.streamPodMetrics(request, response), () -> super.streamPodSandboxMetrics(request, response));
    }

    /** kubelet (1.28+) takes the cgroup driver from here instead of its own flag: it must be the one we use. */
    @Override
    public void runtimeConfig(RuntimeConfigRequest request, StreamObserver<RuntimeConfigResponse> response) {
        cgroupDriver.ifPresentOrElse(
                driver -> {
                    response.onNext(RuntimeConfigResponse.newBuilder()
                            .setLinux(LinuxRuntimeConfiguration.newBuilder().setCgroupDriver(driver))
                            .build());
                    response.onCompleted();
                },
                () -> super.runtimeConfig(request, response));
    }

    @Override
    public void exec(ExecRequest request, StreamObserver<ExecResponse> response) {
        streaming.ifPresentOrElse(
                s -> {
                    response.onNext(s.exec(request));
                    response.onCompleted();
                },
                () -> super.exec(request, response));
    }

    @Override
    public void attach(AttachRequest request, StreamObserver<AttachResponse> response) {
        streaming.ifPresentOrElse(
                s -> {
                    response.onNext(s.attach(request));
                    response.onCompleted();
                },
                () -> super.attach(request, response));
    }

    @Override
    public void portForward(PortForwardRequest request, StreamObserver<PortForwardResponse> response) {
        streaming.ifPresentOrElse(
                s -> {
                    response.onNext(s.portForward(request));
                    response.onCompleted();
                },
                () -> super.portForward(request, response));
    }

    @Override
    public void checkpointContainer(
            CheckpointContainerRequest request, StreamObserver<CheckpointContainerResponse> response) {
        checkpoints.ifPresentOrElse(
                c -> c.container(request, response), () -> super.checkpointContainer(request, response));
    }

    @Override
    public void checkpointPod(CheckpointPodRequest request, StreamObserver<CheckpointPodResponse> response) {
        checkpoints.ifPresentOrElse(c -> c.pod(request, response), () -> super.checkpointPod(request, response));
    }

    @Override
    public void restorePod(RestorePodRequest request, StreamObserver<RestorePodResponse> response) {
        checkpoints.ifPresentOrElse(c -> c.restorePod(request, response), () -> super.restorePod(request, response));
    }
}
