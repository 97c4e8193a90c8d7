package dev.cortado.cri.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.cortado.cri.image.reference.Digest;
import dev.cortado.cri.image.reference.ImageReference;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistryClientTest {
    private FakeRegistry registry;
    private RegistryClient client;
    private byte[] layer;
    private Digest layerDigest;
    private Digest configDigest;

    @BeforeEach
    void start() throws IOException {
        registry = new FakeRegistry();
        client = newClient(Duration.ofSeconds(30));
        layer = new byte[100_000];
        Arrays.fill(layer, (byte) 7);
        layerDigest = registry.putBlob(layer);
        configDigest =
                registry.putBlob("{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8));
        registry.putManifest("app", "v1", MediaTypes.OCI_MANIFEST, manifestJson());
    }

    @AfterEach
    void stop() {
        client.close();
        registry.close();
    }

    private RegistryClient newClient(Duration noProgress) {
        RegistryConfig config = RegistryConfig.defaults()
                .withHosts(Map.of(
                        registry.authority(),
                        RegistryHostConfig.builder().insecure(true).build()))
                .withTiming(noProgress, Duration.ofMillis(1));
        return new RegistryClient(config, Clock.systemUTC());
    }

    private String manifestJson() {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + configDigest
                + "\",\"size\":38},\"layers\":[{\"mediaType\":\""
                + MediaTypes.OCI_LAYER + "\",\"digest\":\"" + layerDigest + "\",\"size\":" + layer.length + "}]}";
    }

    private ImageReference ref(String rest) {
        return ImageReference.parse(registry.authority() + "/" + rest);
    }

    @Test
    void resolve_ociManifestByTag_returnsLayersAndDigest() {
        Manifest m = client.resolve(ref("app:v1"), Credentials.NONE, Platform.LINUX_AMD64);
        assertThat(m.layers()).extracting(Descriptor::digest).containsExactly(layerDigest);
        assertThat(m.digest()).isEqualTo(Digest.sha256(manifestJson()));
        assertThat(registry.seen.get(0).header("Accept"))
                .contains(MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST)
                .doesNotContain("distribution.manifest.v1");
    }

    @Test
    void resolve_index_picksLinuxAmd64() {
        Digest amd = Digest.sha256(manifestJson());
        String entry =
                "{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":10,\"platform\":{\"os\":\"%s\",\"architecture\":\"%s\"}}";
        String other = registry.putManifest(
                        "app",
                        "arm",
                        MediaTypes.OCI_MANIFEST,
                        manifestJson().replace("\"schemaVersion\":2", "\"schemaVersion\":2 "))
                .toString();
        registry.putManifest(
                "app",
                "multi",
                MediaTypes.DOCKER_LIST,
                "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_LIST
                        + "\",\"manifests\":[" + String.format(entry, MediaTypes.OCI_MANIFEST, other, "linux", "arm64")
                        + ","
                        + String.format(entry, MediaTypes.OCI_MANIFEST, amd, "linux", "x86_64") + ","
                        + String.format(entry, MediaTypes.OCI_MANIFEST, other, "windows", "amd64") + "]}");
        assertThat(client.resolve(ref("app:multi"), Credentials.NONE, Platform.LINUX_AMD64)
                        .digest())
                .isEqualTo(amd);
    }

    @Test
    void resolve_schema1_isRefusedWithClearError() {
        registry.putManifest(
                "old",
                "v1",
                MediaTypes.DOCKER_SCHEMA1_SIGNED,
                "{\"schemaVersion\":1,\"name\":\"old\",\"fsLayers\":[]}");
        assertThatThrownBy(() -> client.resolve(ref("old:v1"), Credentials.NONE, Platform.LINUX_AMD64))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessageContaining("schema1");
    }

    @Test
    void resolve_manifestOverLimit_isRejected() {
        registry.putManifest("big", "v1", MediaTypes.OCI_MANIFEST, manifestJson() + " ".repeat(5 << 20));
        assertThatThrownBy(() -> client.resolve(ref("big:v1"), Credentials.NONE, Platform.LINUX_AMD64))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_EXHAUSTED));
    }

    @Test
    void resolve_missingTag_isNotFound() {
        assertThatThrownBy(() -> client.resolve(ref("app:nope"), Credentials.NONE, Platform.LINUX_AMD64))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void basicAuth_withCredentials_succeedsAndWithoutIsUnauthenticated() {
        registry.requireBasic("alice", "s3cret-pw");
        Credentials creds = Credentials.fromCri("", "", "YWxpY2U6czNjcmV0LXB3", "", "", "");
        assertThat(client.resolve(ref("app:v1"), creds, Platform.LINUX_AMD64).layers())
                .hasSize(1);
        assertThatThrownBy(() -> client.resolve(ref("app:v1"), Credentials.NONE, Platform.LINUX_AMD64))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @Test
    void bearerAuth_fetchesTokenOncePerScopeAndReusesIt() {
        registry.requireBearer("bob", "pw");
        Credentials creds = new Credentials("bob", "pw", "", "", "");
        client.resolve(ref("app:v1"), creds, Platform.LINUX_AMD64);
        client.fetchBlob(
                ref("app:v1"), creds, Descriptor.of("", layerDigest, layer.length), new MemorySink(layer.length));
        assertThat(registry.tokenRequests).isEqualTo(1);
        assertThat(registry.seen.stream()
                        .filter(s -> s.path().startsWith("/token"))
                        .findFirst()
                        .orElseThrow()
                        .path())
                .contains("scope=repository%3Aapp%3Apull", "service=fake");
    }

    @Test
    void bearerAuth_wrongPassword_isUnauthenticated() {
        registry.requireBearer("bob", "pw");
        assertThatThrownBy(() ->
                        client.resolve(ref("app:v1"), new Credentials("bob", "bad", "", "", ""), Platform.LINUX_AMD64))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED));
    }

    @Test
    void serverErrorsAndTooManyRequests_areRetried() {
        registry.faults.add(ex -> {
            FakeRegistry.respond(ex, 500, new byte[0]);
            return true;
        });
        registry.faults.add(ex -> {
            FakeRegistry.respond(ex, 429, new byte[0]);
            return true;
        });
        registry.faults.add(ex -> {
            FakeRegistry.respond(ex, 503, new byte[0]);
            return true;
        });
        assertThat(client.resolve(ref("app:v1"), Credentials.NONE, Platform.LINUX_AMD64)
                        .layers())
                .hasSize(1);
    }

    @Test
    void persistentServerErrors_becomeUnavailable() {
        for (int i = 0; i < 10; i++) {
            registry.faults.add(ex -> {
                FakeRegistry.respond(ex, 502, new byte[0]);
                return true;
            });
        }
        assertThatThrownBy(() -> client.resolve(ref("app:v1"), Credentials.NONE, Platform.LINUX_AMD64))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
    }

    @Test
    void fetchBlob_bodyBrokenHalfway_resumesWithRange() {
        registry.faults.add(ex -> {
            ex.sendResponseHeaders(200, layer.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(layer, 0, layer.length / 2);
            }
            return true;
        });
        MemorySink sink = new MemorySink(layer.length);
        client.fetchBlob(ref("app:v1"), Credentials.NONE, Descriptor.of("", layerDigest, layer.length), sink);
        assertThat(sink.bytes.toByteArray()).isEqualTo(layer);
        assertThat(sink.restarts).isZero();
        assertThat(registry.seen.get(registry.seen.size() - 1).header("Range"))
                .isEqualTo("bytes=" + layer.length / 2 + "-");
    }

    @Test
    void fetchBlob_redirectToOtherHost_doesNotForwardCredentials() throws IOException {
        HttpServer evil = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> evilAuth = new java.util.concurrent.CopyOnWriteArrayList<>();
        evil.createContext("/", ex -> {
            evilAuth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            FakeRegistry.serveBlob(ex, layer);
        });
        evil.start();
        try {
            registry.requireBasic("alice", "pw");
            registry.faults.add(ex -> false); // the first, unauthenticated request gets the challenge
            registry.faults.add(ex -> {
                ex.getResponseHeaders()
                        .add("Location", "http://localhost:" + evil.getAddress().getPort() + "/blob");
                FakeRegistry.respond(ex, 307, new byte[0]);
                return true;
            });
            MemorySink sink = new MemorySink(layer.length);
            client.fetchBlob(
                    ref("app:v1"),
                    new Credentials("alice", "pw", "", "", ""),
                    Descriptor.of("", layerDigest, layer.length),
                    sink);
            assertThat(sink.bytes.toByteArray()).isEqualTo(layer);
            assertThat(evilAuth).containsExactly("null");
        } finally {
            evil.stop(0);
        }
    }

    @Test
    void fetchBlob_stalledBody_failsWithDeadlineExceeded() {
        CountDownLatch release = new CountDownLatch(1);
        RegistryClient impatient = newClient(Duration.ofMillis(300));
        registry.faults.add(ex -> {
            ex.sendResponseHeaders(200, layer.length);
            OutputStream out = ex.getResponseBody();
            out.write(layer, 0, 10);
            out.flush();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return true;
        });
        try {
            assertThatThrownBy(() -> impatient.fetchBlob(
                            ref("app:v1"),
                            Credentials.NONE,
                            Descriptor.of("", layerDigest, layer.length),
                            new MemorySink(layer.length)))
                    .isInstanceOfSatisfying(
                            CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.DEADLINE_EXCEEDED));
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        } finally {
            release.countDown();
            impatient.close();
        }
    }

    @Test
    void credentials_forOtherServerAddress_areNotSent() {
        Credentials other = new Credentials("u", "p", "", "", "https://other.example");
        assertThat(other.forHost(registry.authority())).isEmpty();
        assertThat(other.toString()).doesNotContain("p,").contains("redacted");
    }

    @Test
    void resolve_mirrorFailing_fallsBackToTheRegistry() throws IOException {
        try (FakeRegistry mirror = new FakeRegistry()) {
            ImageReference upstream = ImageReference.parse("upstream.example/app:v1");
            RegistryConfig config = RegistryConfig.defaults()
                    .withHosts(Map.of(
                            "upstream.example",
                            new RegistryHostConfig(
                                    List.of(
                                            java.net.URI.create("http://" + mirror.authority()),
                                            java.net.URI.create("http://" + registry.authority())),
                                    true,
                                    null,
                                    null)))
                    .withTiming(Duration.ofSeconds(30), Duration.ofMillis(1));
            try (RegistryClient mirrored = new RegistryClient(config, Clock.systemUTC())) {
                // the first mirror has no such manifest (404); the second mirror serves it; upstream.example is never
                // asked
                assertThat(mirrored.resolve(upstream, Credentials.NONE, Platform.LINUX_AMD64)
                                .layers())
                        .hasSize(1);
            }
            assertThat(mirror.seen).extracting(FakeRegistry.Seen::path).contains("/v2/app/manifests/v1");
        }
    }

    @Test
    void bearerAuth_tokenRefusedLater_fetchesAFreshToken() {
        registry.requireBearer("bob", "pw");
        Credentials creds = new Credentials("bob", "pw", "", "", "");
        client.resolve(ref("app:v1"), creds, Platform.LINUX_AMD64);
        registry.faults.add(ex -> {
            ex.getResponseHeaders().add("WWW-Authenticate", registry.challenge);
            FakeRegistry.respond(ex, 401, new byte[0]);
            return true;
        });
        client.resolve(ref("app:v1"), creds, Platform.LINUX_AMD64);
        assertThat(registry.tokenRequests).isEqualTo(2);
    }
}
