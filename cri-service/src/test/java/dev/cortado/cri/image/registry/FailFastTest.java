package dev.cortado.cri.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.cortado.cri.image.reference.ImageReference;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which transport a registry gets by default (plain HTTP on loopback, as containerd's CRI), and
 * which failures cost one attempt (TLS trouble, 401/404) against those worth retrying (503).
 */
class FailFastTest {
    private static final RegistryHostConfig TLS =
            RegistryHostConfig.builder().tls(true).build();

    @TempDir
    Path dir;

    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    private RegistryClient client(String authority, RegistryHostConfig host) {
        RegistryConfig config = RegistryConfig.defaults()
                .withHosts(Map.of(authority, host))
                .withTiming(Duration.ofSeconds(30), Duration.ofMillis(1));
        return new RegistryClient(config, HttpClients.create(config), Clock.systemUTC(), waits::add);
    }

    @Test
    void loopbackHosts_arePlainHttpByDefault_otherHostsAreTls() {
        for (String loopback :
                List.of("localhost:5000", "LOCALHOST", "127.0.0.1:5000", "127.9.8.7", "[::1]:5000", "[::1]")) {
            assertThat(RegistryHostConfig.DEFAULT.plainHttp(loopback))
                    .as(loopback)
                    .isTrue();
        }
        for (String remote : List.of(
                "registry-1.docker.io",
                "10.0.0.1:5000",
                "localhost.example.com:5000",
                "127.0.0.1.nip.io",
                "[2001:db8::1]:5000")) {
            assertThat(RegistryHostConfig.DEFAULT.plainHttp(remote)).as(remote).isFalse();
        }
    }

    @Test
    void loopbackHost_withCaFileOrTls_usesTls_andInsecureIsPlainAnywhere() {
        assertThat(RegistryHostConfig.builder()
                        .caFile(dir.resolve("ca.pem"))
                        .build()
                        .plainHttp("localhost:5000"))
                .isFalse();
        assertThat(TLS.plainHttp("127.0.0.1:5000")).isFalse();
        assertThat(RegistryHostConfig.builder().insecure(true).build().plainHttp("registry.example"))
                .isTrue();
    }

    @Test
    void plaintextServer_withTlsConfigured_failsAfterOneConnectionNamingInsecure() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> answerPlainText(plain, connections));
            server.setDaemon(true);
            server.start();
            String authority = "127.0.0.1:" + plain.getLocalPort();
            try (RegistryClient client = client(authority, TLS)) {
                assertThatThrownBy(() -> client.resolve(
                                ImageReference.parse(authority + "/app:v1"), Credentials.NONE, Platform.LINUX_AMD64))
                        .isInstanceOfSatisfying(
                                CortadoException.class,
                                e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                        .hasMessageContaining("does not speak TLS")
                        .hasMessageContaining("registry.hosts.\"" + authority + "\".insecure = true");
            }
        }
        assertThat(connections.get()).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void tlsServer_signedByAnUnknownCa_failsAtOnceNamingCaFile() throws Exception {
        HttpsServer tls = tlsServer();
        AtomicInteger requests = new AtomicInteger();
        tls.createContext("/", ex -> {
            requests.incrementAndGet();
            FakeRegistry.respond(ex, 200, "{}".getBytes());
        });
        tls.start();
        String authority = "127.0.0.1:" + tls.getAddress().getPort();
        try (RegistryClient client = client(authority, TLS)) {
            assertThatThrownBy(() -> client.ping(ImageReference.parse(authority + "/app:v1"), Credentials.NONE))
                    .isInstanceOfSatisfying(
                            CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                    .hasMessageContaining("not signed by a trusted CA")
                    .hasMessageContaining("registry.hosts.\"" + authority + "\".ca_file");
        } finally {
            tls.stop(0);
        }
        assertThat(waits).isEmpty();
        assertThat(requests.get()).isZero();
    }

    @Test
    void unauthorizedAfterAuthAndMissingManifest_costOneAttempt_but503IsRetried() throws Exception {
        try (FakeRegistry registry = new FakeRegistry()) {
            registry.putManifest(
                    "app",
                    "v1",
                    MediaTypes.OCI_MANIFEST,
                    "{\"schemaVersion\":2,\"mediaType\":\""
                            + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG
                            + "\",\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":2},\"layers\":[]}");
            ImageReference app = ImageReference.parse(registry.authority() + "/app:v1");
            try (RegistryClient client = client(registry.authority(), RegistryHostConfig.DEFAULT)) {
                assertThatThrownBy(() -> client.resolve(
                                ImageReference.parse(registry.authority() + "/absent:v1"),
                                Credentials.NONE,
                                Platform.LINUX_AMD64))
                        .isInstanceOfSatisfying(
                                CortadoException.class,
                                e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
                assertThat(registry.seen).hasSize(1);

                registry.faults.add(ex -> {
                    FakeRegistry.respond(ex, 503, new byte[0]);
                    return true;
                });
                registry.faults.add(ex -> {
                    FakeRegistry.respond(ex, 503, new byte[0]);
                    return true;
                });
                assertThat(client.resolve(app, Credentials.NONE, Platform.LINUX_AMD64)
                                .layers())
                        .isEmpty();
                assertThat(waits).hasSize(2);

                registry.requireBasic("alice", "right");
                registry.seen.clear();
                assertThatThrownBy(() -> client.resolve(
                                app, new Credentials("alice", "wrong-secret", "", "", ""), Platform.LINUX_AMD64))
                        .isInstanceOfSatisfying(
                                CortadoException.class,
                                e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED))
                        .hasMessageContaining("check the pull's credentials")
                        .hasMessageNotContaining("wrong-secret");
                assertThat(registry.seen).hasSize(2); // the challenge, then one answer to it: no retries
                assertThat(waits).hasSize(2);
            }
        }
    }

    /** Answers every connection with a plain-text HTTP 400, as a plain registry does to a ClientHello. */
    private static void answerPlainText(ServerSocket server, AtomicInteger connections) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                connections.incrementAndGet();
                s.getInputStream().read(new byte[4096]);
                OutputStream out = s.getOutputStream();
                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException e) {
                return;
            }
        }
    }

    private HttpsServer tlsServer() throws Exception {
        Path keystore = dir.resolve("ks.p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "r",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        HttpsServer tls = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tls.setHttpsConfigurator(new HttpsConfigurator(context));
        return tls;
    }
}
