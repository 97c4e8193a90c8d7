package dev.cortado.cri.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cortado.api.cri.v1.AuthConfig;
import dev.cortado.api.cri.v1.ImageServiceGrpc;
import dev.cortado.api.cri.v1.ImageSpec;
import dev.cortado.api.cri.v1.PullImageRequest;
import dev.cortado.cri.config.ConfigLoader;
import dev.cortado.cri.daemon.Daemon;
import dev.cortado.transport.UnixGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Basic auth against the real {@code docker-registry} behind htpasswd, through the daemon's CRI
 * socket: credentials from the CRI {@code AuthConfig} and from the TOML {@code [registry.hosts]}
 * table work, a wrong password is UNAUTHENTICATED, and no secret reaches a log line or an error.
 */
class RealRegistryAuthTest {
    private static final String USER = "kubelet";
    private static final String PASSWORD = "s3cret-Pa55word";
    private static final String WRONG = "wrong-Pa55word";

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // the resource is held open for the body (or closed early on purpose)
    void basicAuth_fromCriAuthConfigAndFromToml_pullsAndWrongPasswordIsUnauthenticatedWithoutLeaks() throws Exception {
        PrivateAppImage.assumeRegistryInstalled();
        assumeTrue(
                Files.isExecutable(LocalDockerRegistry.HTPASSWD),
                "htpasswd not installed (apt-get install apache2-utils; add it to integration/bin/install-deps)");
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Level level = root.getLevel();
        try (LocalDockerRegistry registry =
                LocalDockerRegistry.withHtpasswd(Files.createDirectory(dir.resolve("registry")), USER, PASSWORD)) {
            PrivateAppImage image = PrivateAppImage.pushTo(registry);
            String ref = image.ref();
            try (Daemon daemon = Daemon.start(config("open", registry.authority, ""), Map.of("PATH", ""));
                    UnixGrpc.Channel channel = UnixGrpc.channel(dir.resolve("open/cortado.sock"))) {
                logs.start();
                root.addAppender(logs);
                root.setLevel(Level.DEBUG);
                var images = ImageServiceGrpc.newBlockingStub(channel.managed());
                assertThatThrownBy(() -> images.pullImage(pull(ref, null)))
                        .isInstanceOfSatisfying(
                                StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
                String auth = base64(USER + ":" + WRONG);
                assertThatThrownBy(() -> images.pullImage(
                                pull(ref, AuthConfig.newBuilder().setAuth(auth).build())))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                            assertThat(e.getStatus().getDescription())
                                    .contains("not authorized")
                                    .doesNotContain(WRONG)
                                    .doesNotContain(auth)
                                    .doesNotContain(PASSWORD);
                        });
                assertThat(images.pullImage(pull(
                                        ref,
                                        AuthConfig.newBuilder()
                                                .setUsername(USER)
                                                .setPassword(PASSWORD)
                                                .build()))
                                .getImageRef())
                        .isEqualTo(image.id());
            }
            try (Daemon daemon = Daemon.start(
                            config("toml", registry.authority, """
                    username = "%s"
                    password = "%s"
                    """.formatted(USER, PASSWORD)), Map.of("PATH", ""));
                    UnixGrpc.Channel channel = UnixGrpc.channel(dir.resolve("toml/cortado.sock"))) {
                var images = ImageServiceGrpc.newBlockingStub(channel.managed());
                assertThat(images.pullImage(pull(ref, null)).getImageRef()).isEqualTo(image.id());
            }
        } finally {
            root.detachAppender(logs);
            root.setLevel(level);
        }
        // the error interceptor logs each failed pull: proof that the capture saw the failures
        assertThat(logs.list)
                .anySatisfy(event -> assertThat(event.getFormattedMessage()).contains("UNAUTHENTICATED"));
        assertThat(logs.list)
                .allSatisfy(event -> assertThat(event.getFormattedMessage() + event.getThrowableProxy())
                        .doesNotContain(PASSWORD)
                        .doesNotContain(WRONG)
                        .doesNotContain(base64(USER + ":" + PASSWORD))
                        .doesNotContain(base64(USER + ":" + WRONG)));
    }

    private dev.cortado.cri.config.CortadoConfig config(String name, String authority, String credentials) {
        return new ConfigLoader().parse("""
                root = "%1$s/%2$s/root"
                state = "%1$s/%2$s"
                [grpc]
                address = "%1$s/%2$s/cortado.sock"
                [registry.hosts."%3$s"]
                insecure = true
                %4$s""".formatted(dir, name, authority, credentials), "test");
    }

    private static PullImageRequest pull(String ref, AuthConfig auth) {
        PullImageRequest.Builder request =
                PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(ref));
        return auth == null ? request.build() : request.setAuth(auth).build();
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
