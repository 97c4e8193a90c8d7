package dev.cortado.cri.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.api.cri.v1.ImageFsInfoRequest;
import dev.cortado.api.cri.v1.ImageServiceGrpc;
import dev.cortado.api.cri.v1.ImageSpec;
import dev.cortado.api.cri.v1.ImageStatusRequest;
import dev.cortado.api.cri.v1.ImageStatusResponse;
import dev.cortado.api.cri.v1.ListImagesRequest;
import dev.cortado.api.cri.v1.PullImageRequest;
import dev.cortado.api.cri.v1.RemoveImageRequest;
import dev.cortado.cri.config.ConfigLoader;
import dev.cortado.cri.daemon.Daemon;
import dev.cortado.cri.image.registry.MediaTypes;
import dev.cortado.cri.image.unpack.TarBuilder;
import dev.cortado.transport.UnixGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What kubelet does with images, through the daemon's CRI socket: pull from a real registry
 * (configured as a plain-HTTP host in the TOML config), status, list, fs info, remove.
 */
class CriSocketPullTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // the resource is held open for the body (or closed early on purpose)
    void pullStatusListRemove_throughTheCriSocket() throws Exception {
        assumeTrue(
                Files.isExecutable(LocalDockerRegistry.BINARY),
                "docker-registry not installed (apt-get install docker-registry)");
        assumeTrue(
                Files.isRegularFile(Path.of("/bin/busybox")), "busybox not installed (apt-get install busybox-static)");
        byte[] busybox = Files.readAllBytes(Path.of("/bin/busybox"));
        TarArchiveEntry bin = new TarArchiveEntry("bin/busybox");
        bin.setSize(busybox.length);
        bin.setMode(0755);
        byte[] layer = new TarBuilder()
                .dir("bin", 0755)
                .entry(bin, busybox)
                .symlink("bin/sh", "busybox")
                .tar();
        TestImage image = new TestImage().layer(MediaTypes.OCI_LAYER_GZIP, layer, TarBuilder.gzip(layer));
        try (LocalDockerRegistry registry = new LocalDockerRegistry(Files.createDirectory(dir.resolve("registry")))) {
            registry.pushBlob("library/busybox", image.layers.get(0).blob());
            registry.pushBlob("library/busybox", image.config());
            registry.pushManifest("library/busybox", "1.35", MediaTypes.OCI_MANIFEST, image.manifest());
            String ref = registry.authority + "/library/busybox:1.35";
            var config = new ConfigLoader().parse("""
                    root = "%1$s/root"
                    state = "%1$s/state"
                    [grpc]
                    address = "%1$s/state/cortado.sock"
                    [registry.hosts."%2$s"]
                    insecure = true
                    """.formatted(dir, registry.authority), "test");
            try (Daemon daemon = Daemon.start(config, Map.of("PATH", ""));
                    UnixGrpc.Channel channel = UnixGrpc.channel(dir.resolve("state/cortado.sock"))) {
                var images = ImageServiceGrpc.newBlockingStub(channel.managed());
                String id = images.pullImage(PullImageRequest.newBuilder()
                                .setImage(ImageSpec.newBuilder().setImage(ref))
                                .build())
                        .getImageRef();
                assertThat(id).isEqualTo(image.configDigest().toString());

                ImageStatusResponse status = images.imageStatus(ImageStatusRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(ref))
                        .setVerbose(true)
                        .build());
                assertThat(status.getImage().getId()).isEqualTo(id);
                assertThat(status.getImage().getRepoTagsList()).containsExactly(ref);
                assertThat(status.getInfoMap()).isNotEmpty();
                assertThat(images.listImages(ListImagesRequest.getDefaultInstance())
                                .getImagesList())
                        .extracting(i -> i.getId())
                        .containsExactly(id);
                assertThat(images.imageFsInfo(ImageFsInfoRequest.getDefaultInstance())
                                .getImageFilesystemsList())
                        .singleElement()
                        .satisfies(
                                fs -> assertThat(fs.getUsedBytes().getValue()).isPositive());

                images.removeImage(RemoveImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(id))
                        .build());
                // CRI: RemoveImage of an absent image succeeds; ImageStatus of it is empty, not an error.
                images.removeImage(RemoveImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(id))
                        .build());
                assertThat(images.imageStatus(ImageStatusRequest.newBuilder()
                                        .setImage(ImageSpec.newBuilder().setImage(ref))
                                        .build())
                                .hasImage())
                        .isFalse();

                assertThatThrownBy(() -> images.pullImage(PullImageRequest.newBuilder()
                                .setImage(ImageSpec.newBuilder().setImage(registry.authority + "/library/absent:1"))
                                .build()))
                        .isInstanceOfSatisfying(
                                StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
            }
        }
    }
}
