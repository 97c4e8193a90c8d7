package dev.cortado.cri.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.cri.image.registry.Credentials;
import dev.cortado.cri.image.registry.RegistryClient;
import dev.cortado.cri.image.registry.RegistryConfig;
import dev.cortado.cri.image.registry.RegistryHostConfig;
import dev.cortado.cri.store.SqliteMetadataStore;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer token auth against the real {@code docker-registry} ({@code auth: token}) with a token
 * server in the test that signs JWTs the registry verifies against its root certificate.
 */
class RealRegistryBearerAuthTest {
    private static final String USER = "puller";
    private static final String PASSWORD = "t0ken-Pa55word";

    @TempDir
    Path dir;

    @Test
    void bearerAuth_withPasswordForTheTokenServer_pullsAndWithoutOrWrongIsUnauthenticated() throws Exception {
        PrivateAppImage.assumeRegistryInstalled();
        assumeTrue(Files.isExecutable(TokenServer.KEYTOOL), "the JDK's keytool is missing");
        try (TokenServer tokens = new TokenServer(dir, USER, PASSWORD);
                LocalDockerRegistry registry = LocalDockerRegistry.withTokenAuth(
                        Files.createDirectory(dir.resolve("registry")),
                        tokens,
                        tokens.token(PrivateAppImage.REPOSITORY, "pull,push"))) {
            PrivateAppImage image = PrivateAppImage.pushTo(registry);
            String ref = image.ref();
            RegistryConfig config = RegistryConfig.defaults()
                    .withHosts(Map.of(
                            registry.authority,
                            RegistryHostConfig.builder().insecure(true).build()));
            Path root = Files.createDirectory(dir.resolve("state"));
            try (RegistryClient client = new RegistryClient(config, Clock.systemUTC());
                    SqliteMetadataStore metadata =
                            SqliteMetadataStore.open(root.resolve(SqliteMetadataStore.FILE_NAME));
                    ImageService service = new ImageService(
                            ImageStoreConfig.defaults(root),
                            client,
                            ImageServiceTest.FAKE_FS,
                            SqliteImageMetadataStore.open(metadata.images(), root),
                            id -> java.util.List.of(),
                            Clock.systemUTC())) {
                for (Credentials refused : List.of(Credentials.NONE, new Credentials(USER, "wrong", "", "", ""))) {
                    assertThatThrownBy(() -> service.pull(new PullRequest(ref, refused, null)))
                            .isInstanceOfSatisfying(CortadoException.class, e -> {
                                assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
                                assertThat(e.getMessage()).doesNotContain("wrong");
                            });
                }
                Image pulled = service.pull(new PullRequest(ref, new Credentials(USER, PASSWORD, "", "", ""), null));
                assertThat(pulled.id()).isEqualTo(image.id());
                assertThat(tokens.issued).isPositive();
            }
        }
    }
}
