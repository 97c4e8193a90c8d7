package dev.cortado.cri.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.cri.image.reference.Digest;
import dev.cortado.cri.image.snapshot.OverlayMounts;
import dev.cortado.cri.image.snapshot.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real overlay mount a container rootfs gets: layers merged, writes land in upper, unmount is repeatable. */
class NativeRootfsMounterTest {
    @TempDir
    Path dir;

    @Test
    void mountOverlay_mergesLayersAndWritesToUpper_unmountIsRepeatable() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mount needs root");
        assumeTrue(Files.readString(Path.of("/proc/filesystems")).contains("overlay"), "no overlayfs in this kernel");
        Path bottom = Files.createDirectories(dir.resolve("snapshots/1/fs/etc"));
        Files.writeString(bottom.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        Path top = Files.createDirectories(dir.resolve("snapshots/2/fs/etc"));
        Files.writeString(top.resolve("hostname"), "image\n");
        Path upper = Files.createDirectories(dir.resolve("c/upper"));
        Path work = Files.createDirectories(dir.resolve("c/work"));
        Path rootfs = Files.createDirectories(dir.resolve("bundle/rootfs"));
        String options = OverlayMounts.options(
                List.of(
                        new Snapshot(Digest.parse("sha256:" + "1".repeat(64)), 1, dir.resolve("snapshots/1")),
                        new Snapshot(Digest.parse("sha256:" + "2".repeat(64)), 2, dir.resolve("snapshots/2"))),
                upper,
                work);
        NativeRootfsMounter mounter = new NativeRootfsMounter();

        mounter.mountOverlay(rootfs, options);
        try {
            assertThat(rootfs.resolve("etc/passwd")).hasContent("root:x:0:0::/root:/bin/sh");
            assertThat(rootfs.resolve("etc/hostname")).hasContent("image");
            Files.writeString(rootfs.resolve("etc/new"), "written\n");
            assertThat(upper.resolve("etc/new")).hasContent("written");
            assertThat(bottom.resolve("new")).doesNotExist();
        } finally {
            assertThat(mounter.unmount(rootfs)).isTrue();
        }
        assertThat(mounter.unmount(rootfs)).as("nothing mounted any more").isFalse();
        assertThat(rootfs.resolve("etc")).doesNotExist();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(rootfs.toString());
    }
}
