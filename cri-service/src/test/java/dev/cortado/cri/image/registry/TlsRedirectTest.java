package dev.cortado.cri.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.cortado.cri.image.reference.ImageReference;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TLS registry trusted through the configured CA file, redirecting a request to plain HTTP. */
class TlsRedirectTest {
    @TempDir
    Path dir;

    @Test
    void redirectFromHttpsToHttp_isRefusedAndThePlainServerSeesNothing() throws Exception {
        Path keystore = dir.resolve("ks.p12");
        Path ca = dir.resolve("ca.pem");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(
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
                "changeit");
        run(
                keytool,
                "-exportcert",
                "-rfc",
                "-alias",
                "r",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-file",
                ca.toString());
        HttpServer plain = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> plainSaw = new CopyOnWriteArrayList<>();
        plain.createContext("/", ex -> {
            plainSaw.add(ex.getRequestURI().toString());
            FakeRegistry.respond(ex, 200, "{}".getBytes());
        });
        plain.start();
        HttpsServer tls = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tls.setHttpsConfigurator(new HttpsConfigurator(serverContext(keystore)));
        tls.createContext("/", ex -> {
            if (ex.getRequestURI().getPath().equals("/v2/")) {
                FakeRegistry.respond(ex, 200, "{}".getBytes());
                return;
            }
            ex.getResponseHeaders()
                    .add("Location", "http://127.0.0.1:" + plain.getAddress().getPort() + "/downgraded");
            FakeRegistry.respond(ex, 302, new byte[0]);
        });
        tls.start();
        String authority = "127.0.0.1:" + tls.getAddress().getPort();
        RegistryConfig config = RegistryConfig.defaults()
                .withHosts(Map.of(
                        authority,
                        RegistryHostConfig.builder()
                                .caFile(ca)
                                .credentials(new Credentials("u", "p", "", "", ""))
                                .build()));
        try (RegistryClient client = new RegistryClient(config, Clock.systemUTC())) {
            client.ping(ImageReference.parse(authority + "/app:v1"), Credentials.NONE); // the CA file is trusted
            assertThatThrownBy(() -> client.resolve(
                            ImageReference.parse(authority + "/app:v1"), Credentials.NONE, Platform.LINUX_AMD64))
                    .isInstanceOfSatisfying(
                            CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED))
                    .hasMessageContaining("https to http");
            assertThat(plainSaw).isEmpty();
        } finally {
            tls.stop(0);
            plain.stop(0);
        }
    }

    private static SSLContext serverContext(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
    }
}
