package dev.cortado.cri.spec.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryRootfsTest {
    @TempDir
    Path dir;

    @Test
    void readsAFile_absentIsEmpty() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root/etc"));
        Files.writeString(root.resolve("passwd"), "root:x:0:0::/:/bin/sh\n");
        DirectoryRootfs rootfs = new DirectoryRootfs(dir.resolve("root"));
        assertThat(rootfs.read("/etc/passwd", 1000)).contains("root:x:0:0::/:/bin/sh\n");
        assertThat(rootfs.read("/etc/group", 1000)).isEmpty();
    }

    @Test
    void symlinksCannotLeaveTheRootfs() throws Exception {
        Files.writeString(dir.resolve("host-secret"), "host:x:0:0\n");
        Path etc = Files.createDirectories(dir.resolve("root/etc"));
        Files.createDirectories(dir.resolve("root/real"));
        Files.writeString(dir.resolve("root/real/passwd"), "image:x:1:1\n");
        Files.writeString(dir.resolve("root/host-secret"), "image-own:x:2:2\n");
        Files.createSymbolicLink(etc.resolve("passwd"), Path.of("../../../../host-secret"));
        Files.createSymbolicLink(etc.resolve("group"), Path.of("/real/passwd"));
        DirectoryRootfs rootfs = new DirectoryRootfs(dir.resolve("root"));
        assertThat(rootfs.read("/etc/passwd", 1000)).contains("image-own:x:2:2\n");
        assertThat(rootfs.read("/etc/group", 1000)).contains("image:x:1:1\n");
    }

    @Test
    void tooLargeOrNotAFile_isRefused() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("root/etc"));
        Files.writeString(etc.resolve("passwd"), "x".repeat(2000));
        Files.createDirectories(etc.resolve("group"));
        Files.createSymbolicLink(etc.resolve("loop"), Path.of("loop"));
        DirectoryRootfs rootfs = new DirectoryRootfs(dir.resolve("root"));
        assertThatThrownBy(() -> rootfs.read("/etc/passwd", 1000))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("larger than 1000 bytes");
        assertThatThrownBy(() -> rootfs.read("/etc/group", 1000)).hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> rootfs.read("/etc/loop", 1000)).hasMessageContaining("too many symlinks");
    }
}
