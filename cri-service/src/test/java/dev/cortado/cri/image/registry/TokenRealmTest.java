package dev.cortado.cri.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.cortado.cri.image.reference.ImageReference;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A 401 challenge naming a token realm on another host: the registry's credentials go there only
 * when that host is the registry's own or configured for it; otherwise the token is asked for
 * anonymously, and an error says why credentials were withheld and how to allow them.
 */
class TokenRealmTest {
    private static final String SECRET = "s3cret-pass";
    private static final Credentials ALICE = new Credentials("alice", SECRET, "", "", "");
    private static final String BASIC =
            "Basic " + Base64.getEncoder().encodeToString(("alice:" + SECRET).getBytes(StandardCharsets.UTF_8));

    private FakeRegistry registry;
    private HttpServer tokens;
    private final List<String> tokenAuthorizations = new CopyOnWriteArrayList<>();
    private volatile boolean anonymousTokens;

    @BeforeEach
    void start() throws Exception {
        registry = new FakeRegistry();
        registry.putManifest(
                "app",
                "v1",
                MediaTypes.OCI_MANIFEST,
                "{\"schemaVersion\":2,\"mediaType\":\""
                        + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG
                        + "\",\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":2},\"layers\":[]}");
        // 127.0.0.2 is loopback on Linux but another host string than the registry's 127.0.0.1
        tokens = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
        tokens.createContext("/token", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            tokenAuthorizations.add(String.valueOf(auth));
            boolean ok = BASIC.equals(auth) || anonymousTokens && auth == null;
            FakeRegistry.respond(ex, ok ? 200 : 401, ok ? "{\"token\":\"tok-1\"}".getBytes() : new byte[0]);
        });
        tokens.start();
        registry.challenge =
                "Bearer realm=\"http://127.0.0.2:" + tokens.getAddress().getPort() + "/token\",service=\"fake\"";
        registry.authorizationCheck = "Bearer tok-1"::equals;
    }

    @AfterEach
    void stop() {
        tokens.stop(0);
        registry.close();
    }

    private Manifest resolve(List<String> realmHosts) {
        RegistryConfig config = RegistryConfig.defaults()
                .withHosts(Map.of(
                        registry.authority(),
                        RegistryHostConfig.builder()
                                .insecure(true)
                                .authRealmHosts(realmHosts)
                                .build()))
                .withTiming(Duration.ofSeconds(30), Duration.ofMillis(1));
        try (RegistryClient client = new RegistryClient(config, Clock.systemUTC())) {
            return client.resolve(ImageReference.parse(registry.authority() + "/app:v1"), ALICE, Platform.LINUX_AMD64);
        }
    }

    @Test
    void realmOnAnotherHost_getsNoCredentials_andAnAnonymousTokenIsUsed() {
        anonymousTokens = true;
        assertThat(resolve(List.of()).layers()).isEmpty();
        assertThat(tokenAuthorizations).containsExactly("null");
    }

    @Test
    void realmOnAnotherHost_refusingAnonymous_failsSayingWhyAndHowToAllowIt() {
        assertThatThrownBy(() -> resolve(List.of()))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED))
                .hasMessageContaining("not sent to token realm 127.0.0.2")
                .hasMessageContaining("registry.hosts.\"" + registry.authority() + "\".auth_realm_hosts")
                .hasMessageNotContaining(SECRET)
                .hasMessageNotContaining(BASIC.substring(6));
        assertThat(tokenAuthorizations).containsOnly("null");
    }

    @Test
    void realmHostConfiguredForTheRegistry_getsTheCredentials() {
        assertThat(resolve(List.of("127.0.0.2")).layers()).isEmpty();
        assertThat(tokenAuthorizations).containsExactly(BASIC);
    }

    @Test
    void realmOnTheRegistrysOwnHost_otherPort_getsTheCredentials() throws Exception {
        HttpServer sameHost = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sameHost.createContext("/token", ex -> {
            tokenAuthorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            FakeRegistry.respond(ex, 200, "{\"token\":\"tok-1\"}".getBytes());
        });
        sameHost.start();
        try {
            registry.challenge =
                    "Bearer realm=\"http://127.0.0.1:" + sameHost.getAddress().getPort() + "/token\"";
            assertThat(resolve(List.of()).layers()).isEmpty();
            assertThat(tokenAuthorizations).containsExactly(BASIC);
        } finally {
            sameHost.stop(0);
        }
    }
}
