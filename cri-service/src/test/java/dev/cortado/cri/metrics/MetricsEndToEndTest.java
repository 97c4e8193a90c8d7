package dev.cortado.cri.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.api.cri.v1.ContainerStatusRequest;
import dev.cortado.api.cri.v1.ImageServiceGrpc;
import dev.cortado.api.cri.v1.ImageSpec;
import dev.cortado.api.cri.v1.ListContainersRequest;
import dev.cortado.api.cri.v1.PullImageRequest;
import dev.cortado.api.cri.v1.RuntimeServiceGrpc;
import dev.cortado.api.cri.v1.VersionRequest;
import dev.cortado.cri.config.ConfigLoader;
import dev.cortado.cri.config.CortadoConfig;
import dev.cortado.cri.daemon.Daemon;
import dev.cortado.cri.image.reference.Digest;
import dev.cortado.cri.image.registry.FakeRegistry;
import dev.cortado.cri.image.registry.MediaTypes;
import dev.cortado.cri.image.unpack.TarBuilder;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.transport.UnixGrpc;
import io.grpc.StatusRuntimeException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator turns on {@code [metrics]}: the daemon answers CRI calls (one NOT_FOUND among
 * them) and pulls an image from a registry on loopback, then {@code GET /metrics} returns the
 * Prometheus text format, parsed strictly, with the calls counted by method and code, their
 * latency histograms, the pull's bytes and duration, containers and pods by state and the JVM.
 * Without the section nothing more listens than the streaming server.
 */
class MetricsEndToEndTest {
    private static final String RUNTIME = "runtime.v1.RuntimeService";
    private static final String IMAGES = "runtime.v1.ImageService";

    @TempDir
    Path dir;

    private CortadoConfig config(String extra) {
        return new ConfigLoader().parse("""
                root = "%1$s/root"
                state = "%1$s/state"
                [grpc]
                address = "%1$s/state/cortado.sock"
                [cni]
                conf_dir = "%1$s/net.d"
                """.formatted(dir) + extra, "test");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    @SuppressWarnings("try") // the daemon is held open while the test talks to it
    void scrape_countsCriCallsByMethodAndCode_pullsAndStates() throws Exception {
        byte[] tar = new TarBuilder().file("etc/motd", "scraped").tar();
        byte[] layer = TarBuilder.gzip(tar);
        byte[] imageConfig = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                        + "\"diff_ids\":[\"" + Digest.sha256(tar) + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        int port = freePort();
        Set<Integer> before = ListeningPorts.ofThisProcess();
        try (FakeRegistry registry = new FakeRegistry()) {
            registry.putBlob(layer);
            registry.putBlob(imageConfig);
            registry.putManifest("app", "v1", MediaTypes.OCI_MANIFEST, manifest(imageConfig, layer));
            Set<Integer> withRegistry = ListeningPorts.ofThisProcess();
            try (Daemon daemon = Daemon.start(
                            config("[metrics]\naddress = \"127.0.0.1:" + port + "\"\n"), Map.of("PATH", ""));
                    UnixGrpc.Channel channel = UnixGrpc.channel(dir.resolve("state/cortado.sock"))) {
                Set<Integer> opened = new HashSet<>(ListeningPorts.ofThisProcess());
                opened.removeAll(withRegistry);
                assertThat(opened).as("metrics and streaming").hasSize(2).contains(port);

                var runtime = RuntimeServiceGrpc.newBlockingStub(channel.managed());
                var images = ImageServiceGrpc.newBlockingStub(channel.managed());
                runtime.version(VersionRequest.getDefaultInstance());
                runtime.version(VersionRequest.getDefaultInstance());
                runtime.listContainers(ListContainersRequest.getDefaultInstance());
                assertThatThrownBy(() -> runtime.containerStatus(ContainerStatusRequest.newBuilder()
                                .setContainerId("no-such-container")
                                .build()))
                        .isInstanceOf(StatusRuntimeException.class)
                        .hasMessageContaining("NOT_FOUND");
                images.pullImage(PullImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(registry.authority() + "/app:v1"))
                        .build());
                assertThatThrownBy(() -> images.pullImage(PullImageRequest.newBuilder()
                                .setImage(ImageSpec.newBuilder().setImage(registry.authority() + "/app:v2"))
                                .build()))
                        .hasMessageContaining("NOT_FOUND");

                HttpResponse<String> response = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type"))
                        .hasValue("text/plain; version=0.0.4; charset=utf-8");
                Map<String, PrometheusText.Family> m = PrometheusText.parse(response.body());

                assertThat(handled(m, RUNTIME, "Version", "OK")).isEqualTo(2);
                assertThat(handled(m, RUNTIME, "ListContainers", "OK")).isEqualTo(1);
                assertThat(handled(m, RUNTIME, "ContainerStatus", "NOT_FOUND")).isEqualTo(1);
                assertThat(handled(m, IMAGES, "PullImage", "OK")).isEqualTo(1);
                assertThat(handled(m, IMAGES, "PullImage", "NOT_FOUND")).isEqualTo(1);
                assertThat(Histograms.value(
                                m,
                                "grpc_server_started_total",
                                Map.of("grpc_type", "unary", "grpc_service", RUNTIME, "grpc_method", "Version")))
                        .isEqualTo(2);
                var versions = Histograms.buckets(
                        m.get("grpc_server_handling_seconds"),
                        Map.of("grpc_type", "unary", "grpc_service", RUNTIME, "grpc_method", "Version"));
                assertThat(versions.keySet())
                        .containsExactly(
                                0.001,
                                0.0025,
                                0.005,
                                0.01,
                                0.025,
                                0.05,
                                0.1,
                                0.25,
                                0.5,
                                1.0,
                                2.5,
                                5.0,
                                10.0,
                                30.0,
                                60.0,
                                120.0,
                                Double.POSITIVE_INFINITY);
                assertThat(versions.get(120.0)).isEqualTo(2);

                assertThat(Histograms.value(m, "cortado_image_pull_bytes_total", Map.of()))
                        .isEqualTo(layer.length + imageConfig.length);
                assertThat(Histograms.value(m, "cortado_image_pull_duration_seconds_count", Map.of("code", "OK")))
                        .isEqualTo(1);
                assertThat(Histograms.value(
                                m, "cortado_image_pull_duration_seconds_count", Map.of("code", "NOT_FOUND")))
                        .isEqualTo(1);
                assertThat(Histograms.value(m, "cortado_image_pulls_in_progress", Map.of()))
                        .isZero();
                assertThat(Histograms.value(m, "cortado_containers", Map.of("state", "running")))
                        .isZero();
                assertThat(Histograms.value(m, "cortado_pods", Map.of("state", "ready")))
                        .isZero();
                assertThat(Histograms.value(m, "cortado_container_oom_kills_total", Map.of()))
                        .isZero();
                assertThat(Histograms.value(m, "cortado_shims", Map.of("handler", "cortado")))
                        .isZero();
                assertThat(m.get("jvm_memory_used_bytes").samples()).isNotEmpty();
                assertThat(m.get("jvm_threads_current").samples()).isNotEmpty();
                System.out.println("scrape: " + response.body().length() + " bytes, " + m.size() + " families");
            }
            assertThat(ListeningPorts.ofThisProcess())
                    .as("closed with the daemon")
                    .doesNotContain(port);
        }
        assertThat(ListeningPorts.ofThisProcess()).isEqualTo(before);
    }

    @Test
    @SuppressWarnings("try") // the daemon is held open while the test talks to it
    void withoutTheSection_nothingMoreListens_thanTheStreamingServer() throws Exception {
        Set<Integer> before = ListeningPorts.ofThisProcess();
        try (Daemon daemon = Daemon.start(config(""), Map.of("PATH", ""))) {
            Set<Integer> opened = new HashSet<>(ListeningPorts.ofThisProcess());
            opened.removeAll(before);
            assertThat(opened).as("the streaming server's port only").hasSize(1);
        }
    }

    @Test
    void anAddressInUse_stopsTheStartNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            assertThatThrownBy(() ->
                            Daemon.start(config("[metrics]\naddress = \"" + address + "\"\n"), Map.of("PATH", "")))
                    .isInstanceOfSatisfying(CortadoException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                        assertThat(e.getMessage()).contains(address).contains("metrics.address");
                    });
            assertThat(dir.resolve("state/cortado.sock")).doesNotExist();
        }
    }

    private static Double handled(Map<String, PrometheusText.Family> m, String service, String method, String code) {
        return Histograms.value(
                m,
                "grpc_server_handled_total",
                Map.of("grpc_type", "unary", "grpc_service", service, "grpc_method", method, "grpc_code", code));
    }

    private static String manifest(byte[] config, byte[] layer) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256(config) + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER_GZIP + "\",\"digest\":\""
                + Digest.sha256(layer)
                + "\",\"size\":" + layer.length + "}]}";
    }
}
