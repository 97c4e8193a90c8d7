package dev.cortado.cri.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.api.cri.v1.ImageServiceGrpc;
import dev.cortado.api.cri.v1.ImageSpec;
import dev.cortado.api.cri.v1.PullImageRequest;
import dev.cortado.cri.config.ConfigLoader;
import dev.cortado.cri.daemon.Daemon;
import dev.cortado.cri.image.registry.MediaTypes;
import dev.cortado.cri.image.unpack.TarBuilder;
import dev.cortado.transport.UnixGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry on loopback needs no config, as with containerd's CRI: the daemon, with a config that
 * names only its paths, pulls from Debian's docker-registry (plain HTTP) through its CRI socket,
 * spelled {@code 127.0.0.1:PORT} and {@code localhost:PORT}.
 */
class LoopbackRegistryPullTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // the resource is held open for the body (or closed early on purpose)
    void pullImage_fromALoopbackRegistry_withNoRegistryConfig_isPlainHttp() throws Exception {
        assumeTrue(
                Files.isExecutable(LocalDockerRegistry.BINARY),
                "docker-registry not installed (apt-get install docker-registry)");
        byte[] layer = new TarBuilder().file("etc/motd", "from loopback").tar();
        TestImage image = new TestImage().layer(MediaTypes.OCI_LAYER_GZIP, layer, TarBuilder.gzip(layer));
        try (LocalDockerRegistry registry = new LocalDockerRegistry(Files.createDirectory(dir.resolve("registry")))) {
            registry.pushBlob("test/motd", image.layers.get(0).blob());
            registry.pushBlob("test/motd", image.config());
            registry.pushManifest("test/motd", "1", MediaTypes.OCI_MANIFEST, image.manifest());
            var config = new ConfigLoader().parse("""
                    root = "%1$s/root"
                    state = "%1$s/state"
                    [grpc]
                    address = "%1$s/state/cortado.sock"
                    """.formatted(dir), "test");
            String port = registry.authority.substring(registry.authority.indexOf(':') + 1);
            try (Daemon daemon = Daemon.start(config, Map.of("PATH", ""));
                    UnixGrpc.Channel channel = UnixGrpc.channel(dir.resolve("state/cortado.sock"))) {
                var images = ImageServiceGrpc.newBlockingStub(channel.managed());
                for (String host : new String[] {"127.0.0.1:" + port, "localhost:" + port}) {
                    String id = images.pullImage(PullImageRequest.newBuilder()
                                    .setImage(ImageSpec.newBuilder().setImage(host + "/test/motd:1"))
                                    .build())
                            .getImageRef();
                    assertThat(id).as(host).isEqualTo(image.configDigest().toString());
                }
            }
        }
    }
}
