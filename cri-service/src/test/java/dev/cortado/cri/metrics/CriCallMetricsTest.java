package dev.cortado.cri.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.api.cri.v1.ContainerEventResponse;
import dev.cortado.api.cri.v1.ContainerStatusRequest;
import dev.cortado.api.cri.v1.ContainerStatusResponse;
import dev.cortado.api.cri.v1.GetEventsRequest;
import dev.cortado.api.cri.v1.RuntimeServiceGrpc;
import dev.cortado.api.cri.v1.VersionRequest;
import dev.cortado.api.cri.v1.VersionResponse;
import dev.cortado.cri.grpc.CriServer;
import dev.cortado.errors.CortadoException;
import dev.cortado.transport.UnixGrpc;
import io.grpc.stub.StreamObserver;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interceptor in front of a CRI service on the daemon's own server (error interceptor
 * inside it): unary calls, a domain error as its gRPC code, a stream counted when it ends, each
 * timed with a fake clock that moves 3 ms per reading, so every call lands in the 5 ms bucket.
 */
class CriCallMetricsTest {
    private static final String RUNTIME = "runtime.v1.RuntimeService";

    @TempDir
    Path dir;

    /** Version answers, ContainerStatus is NOT_FOUND as the domain throws it, GetContainerEvents streams two events. */
    static final class Service extends RuntimeServiceGrpc.RuntimeServiceImplBase {
        @Override
        public void version(VersionRequest request, StreamObserver<VersionResponse> response) {
            response.onNext(
                    VersionResponse.newBuilder().setRuntimeName("cortado").build());
            response.onCompleted();
        }

        @Override
        public void containerStatus(ContainerStatusRequest request, StreamObserver<ContainerStatusResponse> response) {
            throw CortadoException.notFound("container %s not found", request.getContainerId());
        }

        @Override
        public void getContainerEvents(GetEventsRequest request, StreamObserver<ContainerEventResponse> response) {
            response.onNext(
                    ContainerEventResponse.newBuilder().setContainerId("a").build());
            response.onNext(
                    ContainerEventResponse.newBuilder().setContainerId("b").build());
            response.onCompleted();
        }
    }

    @Test
    void everyCall_isCountedByMethodAndCode_andTimedPerMethod() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        AtomicLong clock = new AtomicLong();
        CriCallMetrics metrics = new CriCallMetrics(registry, () -> clock.getAndAdd(3_000_000));
        Path socket = dir.resolve("cri.sock");
        CriServer server = new CriServer(socket, 1 << 20, List.of(new Service()), List.of(metrics)).start();
        try (UnixGrpc.Channel channel = UnixGrpc.channel(socket)) {
            var stub = RuntimeServiceGrpc.newBlockingStub(channel.managed());
            stub.version(VersionRequest.getDefaultInstance());
            stub.version(VersionRequest.getDefaultInstance());
            assertThatThrownBy(() -> stub.containerStatus(ContainerStatusRequest.newBuilder()
                            .setContainerId("nope")
                            .build()))
                    .hasMessageContaining("NOT_FOUND");
            Iterator<ContainerEventResponse> events = stub.getContainerEvents(GetEventsRequest.getDefaultInstance());
            assertThat(events).toIterable().hasSize(2);
        } finally {
            server.close();
        }

        var families = Scrape.of(registry);
        assertThat(families.get("grpc_server_started_total").type()).isEqualTo("counter");
        assertThat(handled(families, "unary", "Version", "OK")).isEqualTo(2);
        assertThat(handled(families, "unary", "ContainerStatus", "NOT_FOUND")).isEqualTo(1);
        assertThat(handled(families, "server_stream", "GetContainerEvents", "OK"))
                .isEqualTo(1);
        assertThat(Histograms.value(
                        families,
                        "grpc_server_started_total",
                        Map.of("grpc_type", "unary", "grpc_service", RUNTIME, "grpc_method", "Version")))
                .isEqualTo(2);
        assertThat(families.get("grpc_server_handled_total").samples()).hasSize(3);

        var latency = families.get("grpc_server_handling_seconds");
        assertThat(latency.type()).isEqualTo("histogram");
        var version = Histograms.buckets(
                latency, Map.of("grpc_type", "unary", "grpc_service", RUNTIME, "grpc_method", "Version"));
        assertThat(version.keySet()).containsSubsequence(0.001, 0.0025, 0.005, 0.01, 120.0, Double.POSITIVE_INFINITY);
        assertThat(version.get(0.0025)).isZero();
        assertThat(version.get(0.005)).isEqualTo(2);
        assertThat(version.get(Double.POSITIVE_INFINITY)).isEqualTo(2);
        assertThat(Histograms.value(
                        families,
                        "grpc_server_handling_seconds_sum",
                        Map.of("grpc_type", "unary", "grpc_service", RUNTIME, "grpc_method", "Version")))
                .isCloseTo(0.006, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void grpcTypes_areGoGrpcPrometheusNames() {
        assertThat(CriCallMetrics.type(io.grpc.MethodDescriptor.MethodType.UNARY))
                .isEqualTo("unary");
        assertThat(CriCallMetrics.type(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING))
                .isEqualTo("server_stream");
        assertThat(CriCallMetrics.type(io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING))
                .isEqualTo("client_stream");
        assertThat(CriCallMetrics.type(io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING))
                .isEqualTo("bidi_stream");
    }

    private static Double handled(
            Map<String, PrometheusText.Family> families, String type, String method, String code) {
        return Histograms.value(
                families,
                "grpc_server_handled_total",
                Map.of("grpc_type", type, "grpc_service", RUNTIME, "grpc_method", method, "grpc_code", code));
    }
}
