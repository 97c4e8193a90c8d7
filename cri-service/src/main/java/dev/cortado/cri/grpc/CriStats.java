package dev.cortado.cri.grpc;

import dev.cortado.api.cri.v1.ContainerStatsRequest;
import dev.cortado.api.cri.v1.ContainerStatsResponse;
import dev.cortado.api.cri.v1.ListContainerStatsRequest;
import dev.cortado.api.cri.v1.ListContainerStatsResponse;
import dev.cortado.api.cri.v1.ListMetricDescriptorsRequest;
import dev.cortado.api.cri.v1.ListMetricDescriptorsResponse;
import dev.cortado.api.cri.v1.ListPodSandboxMetricsRequest;
import dev.cortado.api.cri.v1.ListPodSandboxMetricsResponse;
import dev.cortado.api.cri.v1.ListPodSandboxStatsRequest;
import dev.cortado.api.cri.v1.ListPodSandboxStatsResponse;
import dev.cortado.api.cri.v1.PodSandboxStatsRequest;
import dev.cortado.api.cri.v1.PodSandboxStatsResponse;
import dev.cortado.api.cri.v1.StreamContainerStatsRequest;
import dev.cortado.api.cri.v1.StreamContainerStatsResponse;
import dev.cortado.api.cri.v1.StreamPodSandboxMetricsRequest;
import dev.cortado.api.cri.v1.StreamPodSandboxMetricsResponse;
import dev.cortado.api.cri.v1.StreamPodSandboxStatsRequest;
import dev.cortado.api.cri.v1.StreamPodSandboxStatsResponse;
import dev.cortado.cri.stats.CadvisorMetrics;
import dev.cortado.cri.stats.StatsService;
import dev.cortado.errors.CortadoException;
import io.grpc.stub.StreamObserver;
import java.util.List;

/** The stats and metrics RPCs of the CRI RuntimeService over {@link StatsService}. */
public final class CriStats {
    /** As StreamContainers: each entry exactly once, in batches of at most this many, then EOF. */
    private static final int STREAM_BATCH = 100;

    private final StatsService stats;

    public CriStats(StatsService stats) {
        this.stats = stats;
    }

    void container(ContainerStatsRequest request, StreamObserver<ContainerStatsResponse> response) {
        if (request.getContainerId().isEmpty()) {
            throw CortadoException.invalidArgument("ContainerStats needs a container_id");
        }
        respond(
                response,
                ContainerStatsResponse.newBuilder()
                        .setStats(ProtoStats.container(stats.container(request.getContainerId())))
                        .build());
    }

    void listContainers(ListContainerStatsRequest request, StreamObserver<ListContainerStatsResponse> response) {
        ListContainerStatsResponse.Builder out = ListContainerStatsResponse.newBuilder();
        stats.containers(ProtoStats.filter(request.hasFilter(), request.getFilter()))
                .forEach(s -> out.addStats(ProtoStats.container(s)));
        respond(response, out.build());
    }

    void pod(PodSandboxStatsRequest request, StreamObserver<PodSandboxStatsResponse> response) {
        if (request.getPodSandboxId().isEmpty()) {
            throw CortadoException.invalidArgument("PodSandboxStats needs a pod_sandbox_id");
        }
        respond(
                response,
                PodSandboxStatsResponse.newBuilder()
                        .setStats(ProtoStats.pod(stats.pod(request.getPodSandboxId())))
                        .build());
    }

    void listPods(ListPodSandboxStatsRequest request, StreamObserver<ListPodSandboxStatsResponse> response) {
        ListPodSandboxStatsResponse.Builder out = ListPodSandboxStatsResponse.newBuilder();
        stats.pods(ProtoStats.filter(request.hasFilter(), request.getFilter()))
                .forEach(s -> out.addStats(ProtoStats.pod(s)));
        respond(response, out.build());
    }

    void streamContainers(StreamContainerStatsRequest request, StreamObserver<StreamContainerStatsResponse> response) {
        List<dev.cortado.api.cri.v1.ContainerStats> all =
                stats.containers(ProtoStats.filter(request.hasFilter(), request.getFilter())).stream()
                        .map(ProtoStats::container)
                        .toList();
        for (int from = 0; from < all.size(); from += STREAM_BATCH) {
            response.onNext(StreamContainerStatsResponse.newBuilder()
                    .addAllContainerStats(all.subList(from, Math.min(all.size(), from + STREAM_BATCH)))
                    .build());
        }
        response.onCompleted();
    }

    void streamPods(StreamPodSandboxStatsRequest request, StreamObserver<StreamPodSandboxStatsResponse> response) {
        List<dev.cortado.api.cri.v1.PodSandboxStats> all =
                stats.pods(ProtoStats.filter(request.hasFilter(), request.getFilter())).stream()
                        .map(ProtoStats::pod)
                        .toList();
        for (int from = 0; from < all.size(); from += STREAM_BATCH) {
            response.onNext(StreamPodSandboxStatsResponse.newBuilder()
                    .addAllPodSandboxStats(all.subList(from, Math.min(all.size(), from + STREAM_BATCH)))
                    .build());
        }
        response.onCompleted();
    }

    /** The cAdvisor metrics kubelet asks for once, at start, to build its collector. */
    void metricDescriptors(
            ListMetricDescriptorsRequest request, StreamObserver<ListMetricDescriptorsResponse> response) {
        ListMetricDescriptorsResponse.Builder out = ListMetricDescriptorsResponse.newBuilder();
        CadvisorMetrics.DESCRIPTORS.forEach(d -> out.addDescriptors(ProtoMetrics.descriptor(d)));
        respond(response, out.build());
    }

    void listPodMetrics(ListPodSandboxMetricsRequest request, StreamObserver<ListPodSandboxMetricsResponse> response) {
        ListPodSandboxMetricsResponse.Builder out = ListPodSandboxMetricsResponse.newBuilder();
        stats.metrics().forEach(p -> out.addPodMetrics(ProtoMetrics.pod(p)));
        respond(response, out.build());
    }

    void streamPodMetrics(
            StreamPodSandboxMetricsRequest request, StreamObserver<StreamPodSandboxMetricsResponse> response) {
        List<dev.cortado.api.cri.v1.PodSandboxMetrics> all =
                stats.metrics().stream().map(ProtoMetrics::pod).toList();
        for (int from = 0; from < all.size(); from += STREAM_BATCH) {
            response.onNext(StreamPodSandboxMetricsResponse.newBuilder()
                    .addAllPodSandboxMetrics(all.subList(from, Math.min(all.size(), from + STREAM_BATCH)))
                    .build());
        }
        response.onCompleted();
    }

    private static <T> void respond(StreamObserver<T> response, T value) {
        response.onNext(value);
        response.onCompleted();
    }
}
