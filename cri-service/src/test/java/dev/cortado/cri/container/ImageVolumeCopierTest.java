package dev.cortado.cri.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cri.spec.ImageVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image VOLUMEs get the image's content, and nothing reached through a link out of the rootfs. */
class ImageVolumeCopierTest {
    @TempDir
    Path dir;

    @Test
    void create_copiesTheImagesContentWithLinksAsLinks() throws Exception {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("data/sub"));
        Files.writeString(rootfs.resolve("data/sub/file"), "seed\n");
        Files.createSymbolicLink(rootfs.resolve("data/link"), Path.of("/etc/shadow"));
        Path volume = dir.resolve("volumes/v1");

        ImageVolumeCopier.create(List.of(new ImageVolume(volume.toString(), "/data")), rootfs);

        assertThat(volume.resolve("sub/file")).hasContent("seed");
        assertThat(Files.isSymbolicLink(volume.resolve("link"))).isTrue();
        assertThat(Files.readSymbolicLink(volume.resolve("link"))).isEqualTo(Path.of("/etc/shadow"));
    }

    @Test
    void create_aVolumePathThatLinksOutOfTheRootfs_getsAnEmptyVolume() throws Exception {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Path outside = Files.createDirectories(dir.resolve("host-secrets"));
        Files.writeString(outside.resolve("key"), "secret\n");
        Files.createSymbolicLink(rootfs.resolve("data"), outside);
        Path volume = dir.resolve("volumes/v2");

        ImageVolumeCopier.create(
                List.of(
                        new ImageVolume(volume.toString(), "/data"),
                        new ImageVolume(dir.resolve("volumes/v3").toString(), "/missing")),
                rootfs);

        assertThat(volume).isEmptyDirectory();
        assertThat(dir.resolve("volumes/v3")).isEmptyDirectory();
    }
}
