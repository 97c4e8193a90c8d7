package dev.cortado.cri.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.cri.image.unpack.LayerUnpacker;
import dev.cortado.cri.image.unpack.TarBuilder;
import dev.cortado.cri.image.unpack.UnpackLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Date;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real syscalls: device nodes, fifos, trusted xattrs and node times, never through a symlink. */
class NativeFsOpsTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final Instant MTIME = Instant.parse("2020-09-13T12:26:40.123456789Z");

    @TempDir
    Path dir;

    private final NativeFsOps ops = new NativeFsOps();

    private static void assumeRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "mknod of devices and trusted.* xattrs need root");
    }

    private static int type(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW) & 0170000;
    }

    @Test
    void makedev_matchesGlibcForSmallAndLargeNumbers() {
        assertThat(NativeFsOps.makedev(1, 3)).isEqualTo(0x103L);
        assertThat(NativeFsOps.makedev(0, 0)).isZero();
        assertThat(NativeFsOps.makedev(0x12345, 0x678901)).isEqualTo(0x0001_2006_7893_4501L);
    }

    @Test
    void mknod_createsCharAndBlockDevicesAndFifos() throws IOException {
        assumeRoot();
        ops.mknod(dir.resolve("null"), 'c', 1, 3);
        ops.mknod(dir.resolve("loop"), 'b', 7, 0);
        ops.mknod(dir.resolve("fifo"), 'p', 0, 0);
        ops.whiteout(dir.resolve("gone"));
        assertThat(type(dir.resolve("null"))).isEqualTo(0020000);
        assertThat(Files.getAttribute(dir.resolve("null"), "unix:rdev", NOFOLLOW))
                .isEqualTo(0x103L);
        assertThat(type(dir.resolve("loop"))).isEqualTo(0060000);
        assertThat(type(dir.resolve("fifo"))).isEqualTo(0010000);
        assertThat(Files.getAttribute(dir.resolve("gone"), "unix:rdev", NOFOLLOW))
                .isEqualTo(0L);
    }

    @Test
    void mknod_onExistingPath_failsNamingThePath() {
        assertThatThrownBy(() -> ops.mknod(dir, 'p', 0, 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("mknod p")
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("errno 17");
    }

    @Test
    void setXattr_setsTrustedAttributeOnTheSymlinkItselfNotItsTarget() throws Exception {
        assumeRoot();
        Path target = Files.createFile(dir.resolve("target"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        ops.markOpaque(Files.createDirectory(dir.resolve("opaque")));
        ops.setXattr(link, "trusted.origin", new byte[] {0, 1, (byte) 0xff});
        assertThat(getfattr("trusted.overlay.opaque", dir.resolve("opaque"), false))
                .contains("trusted.overlay.opaque=0x79");
        assertThat(getfattr("trusted.origin", link, true)).contains("trusted.origin=0x0001ff");
        assertThat(getfattr("trusted.origin", target, false)).doesNotContain("trusted.origin=");
    }

    @Test
    void setNodeTime_onFifo_setsMtimeWithoutBlockingAndOnSymlink_doesNotFollow() throws IOException {
        ops.mknod(dir.resolve("fifo"), 'p', 0, 0); // fifos need no privilege
        ops.setNodeTime(dir.resolve("fifo"), MTIME);
        assertThat(Files.getLastModifiedTime(dir.resolve("fifo"), NOFOLLOW)).isEqualTo(FileTime.from(MTIME));
        Path target = Files.createFile(dir.resolve("target"));
        FileTime before = Files.getLastModifiedTime(target);
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        ops.setNodeTime(link, MTIME);
        assertThat(Files.getLastModifiedTime(link, NOFOLLOW)).isEqualTo(FileTime.from(MTIME));
        assertThat(Files.getLastModifiedTime(target)).isEqualTo(before);
    }

    @Test
    void unpack_withNativeFsOps_createsNodesWithTheLayersMtime() throws IOException {
        assumeRoot();
        TarArchiveEntry fifo = new TarArchiveEntry("run/fifo", TarConstants.LF_FIFO);
        fifo.setMode(0640);
        fifo.setModTime(Date.from(MTIME));
        byte[] tar = new TarBuilder()
                .file(".wh.gone", "")
                .node("dev/null", TarConstants.LF_CHR, 1, 3)
                .entry(fifo, new byte[0])
                .tar();
        new LayerUnpacker(ops, UnpackLimits.defaults(), true).unpack(new ByteArrayInputStream(tar), dir);
        assertThat(type(dir.resolve("gone"))).isEqualTo(0020000);
        assertThat(type(dir.resolve("dev/null"))).isEqualTo(0020000);
        assertThat(type(dir.resolve("run/fifo"))).isEqualTo(0010000);
        assertThat((Integer) Files.getAttribute(dir.resolve("run/fifo"), "unix:mode", NOFOLLOW) & 07777)
                .isEqualTo(0640);
        // the entry's mtime is a java.util.Date, so milliseconds survive the tar, nanoseconds do not
        assertThat(Files.getLastModifiedTime(dir.resolve("run/fifo"), NOFOLLOW).toInstant())
                .isEqualTo(MTIME.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    private static String getfattr(String name, Path path, boolean noDereference) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/getfattr")), "getfattr missing (apt-get install attr)");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("getfattr", "-e", "hex", "-n", name));
        if (noDereference) {
            cmd.add("-h");
        }
        cmd.add(path.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
