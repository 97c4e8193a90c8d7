package dev.cortado.cri.image.unpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.cri.image.reference.Digest;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerUnpackerTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path root;

    private UnpackResult unpack(byte[] layer, FsOps ops, UnpackLimits limits) throws IOException {
        return new LayerUnpacker(ops, limits, true).unpack(new ByteArrayInputStream(layer), root);
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW);
    }

    @Test
    void unpack_gzipZstdAndPlain_giveTheSameTreeAndTheTarsDiffId() throws IOException {
        byte[] tar = new TarBuilder()
                .dir("etc", 0755)
                .file("etc/hosts", "127.0.0.1 localhost\n")
                .tar();
        for (byte[] layer : new byte[][] {tar, TarBuilder.gzip(tar), TarBuilder.zstd(tar)}) {
            Tree.delete(root.resolve("etc"));
            UnpackResult result = unpack(layer, new RecordingFsOps(root), UnpackLimits.defaults());
            assertThat(result.diffId()).isEqualTo(Digest.sha256(tar));
            assertThat(Files.readString(root.resolve("etc/hosts"))).isEqualTo("127.0.0.1 localhost\n");
        }
    }

    @Test
    void unpack_keepsModesOwnersMtimesLinksAndUserXattrs() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "owners need root");
        TarArchiveEntry withXattr = new TarArchiveEntry("bin/tool");
        withXattr.setMode(0755);
        withXattr.addPaxHeader("SCHILY.xattr.user.origin", "layer");
        withXattr.setSize(2);
        byte[] tar = new TarBuilder()
                .dir("bin", 0755)
                .file("bin/su", "su", 04755, e -> {
                    e.setUserId(0);
                    e.setGroupId(0);
                })
                .file("bin/sg", "sg", 02711, e -> {
                    e.setUserId(1234);
                    e.setGroupId(5678);
                })
                .dir("tmp", 01777)
                .symlink("bin/sh", "busybox")
                .file("bin/busybox", "bb")
                .hardlink("bin/ls", "bin/busybox")
                .entry(withXattr, "ok".getBytes())
                .tar();
        RecordingFsOps ops = new RecordingFsOps(root);
        unpack(tar, ops, UnpackLimits.defaults());
        assertThat(mode(root.resolve("bin/su")) & 07777).isEqualTo(04755);
        assertThat(mode(root.resolve("bin/sg")) & 07777).isEqualTo(02711);
        assertThat(Files.getAttribute(root.resolve("bin/sg"), "unix:uid")).isEqualTo(1234);
        assertThat(Files.getAttribute(root.resolve("bin/sg"), "unix:gid")).isEqualTo(5678);
        assertThat(mode(root.resolve("tmp")) & 07777).isEqualTo(01777);
        assertThat(Files.readSymbolicLink(root.resolve("bin/sh")).toString()).isEqualTo("busybox");
        assertThat(Files.isSameFile(root.resolve("bin/ls"), root.resolve("bin/busybox")))
                .isTrue();
        assertThat(Files.getLastModifiedTime(root.resolve("bin/su")).toMillis()).isEqualTo(1_600_000_000_000L);
        assertThat(Files.getLastModifiedTime(root.resolve("bin")).toMillis()).isEqualTo(1_500_000_000_000L);
        assertThat(ops.calls).contains("xattr bin/tool user.origin=layer");
    }

    @Test
    void unpack_whiteoutsAndOpaqueDirs_becomeOverlayForm() throws IOException {
        byte[] tar = new TarBuilder()
                .dir("etc", 0755)
                .file("etc/keep", "k")
                .file("etc/.wh..wh..opq", "")
                .file(".wh.gone", "")
                .dir("var", 0755)
                .file("var/.wh.cache", "")
                .tar();
        RecordingFsOps ops = new RecordingFsOps(root);
        unpack(tar, ops, UnpackLimits.defaults());
        assertThat(ops.calls)
                .containsExactly("xattr etc trusted.overlay.opaque=y", "mknod gone c 0:0", "mknod var/cache c 0:0");
        assertThat(root.resolve("etc/keep")).exists();
        assertThat(root.resolve("etc/.wh..wh..opq")).doesNotExist();
    }

    @Test
    void unpack_unprivileged_skipsDevicesButKeepsFifos() throws IOException {
        byte[] tar = new TarBuilder()
                .node("dev/null", TarConstants.LF_CHR, 1, 3)
                .node("fifo", TarConstants.LF_FIFO, 0, 0)
                .tar();
        RecordingFsOps ops = new RecordingFsOps(root);
        new LayerUnpacker(ops, UnpackLimits.defaults(), false).unpack(new ByteArrayInputStream(tar), root);
        assertThat(ops.calls).filteredOn(c -> c.startsWith("mknod ")).containsExactly("mknod fifo p 0:0");
    }

    @Test
    void unpack_fifosAndDevices_getTheirMtimeThroughFsOpsNotTheJdk() throws IOException {
        byte[] tar = new TarBuilder()
                .node("dev/null", TarConstants.LF_CHR, 1, 3)
                .node("fifo", TarConstants.LF_FIFO, 0, 0)
                .tar();
        RecordingFsOps ops = new RecordingFsOps(root);
        unpack(tar, ops, UnpackLimits.defaults());
        assertThat(ops.calls)
                .filteredOn(c -> c.startsWith("time "))
                .hasSize(2)
                .allSatisfy(c -> assertThat(c).matches("time (dev/null|fifo) \\d{4}-.*Z"));
    }

    @Test
    void unpack_decompressionBomb_stopsAtByteLimit() throws IOException {
        byte[] tar = new TarBuilder().file("zeros", "\0".repeat(1 << 20)).tar();
        assertThatThrownBy(() ->
                        unpack(TarBuilder.gzip(tar), new RecordingFsOps(root), new UnpackLimits(100, 64 * 1024, 4096)))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_EXHAUSTED));
    }

    @Test
    void unpack_inodeBomb_stopsAtEntryLimit() {
        TarBuilder b = new TarBuilder();
        for (int i = 0; i < 50; i++) {
            b.file("f" + i, "");
        }
        assertThatThrownBy(() -> unpack(b.tar(), new RecordingFsOps(root), new UnpackLimits(10, 1 << 20, 4096)))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_EXHAUSTED));
    }

    @Test
    void unpack_hardlinkToMissingTarget_failsTheLayer() {
        assertThatThrownBy(() -> unpack(
                        new TarBuilder().hardlink("h", "nothing").tar(),
                        new RecordingFsOps(root),
                        UnpackLimits.defaults()))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }

    @Test
    void unpack_dotDotNames_landInsideTheRoot() throws IOException {
        unpack(
                new TarBuilder().file("../../etc/x", "1").file("/./../y", "2").tar(),
                new RecordingFsOps(root),
                UnpackLimits.defaults());
        assertThat(Files.readString(root.resolve("etc/x"))).isEqualTo("1");
        assertThat(Files.readString(root.resolve("y"))).isEqualTo("2");
    }

    @Test
    void unpack_symlinkReplacedByFile_writesTheFileNotTheTarget() throws IOException {
        unpack(
                new TarBuilder()
                        .file("t", "target")
                        .symlink("l", "t")
                        .file("l", "mine")
                        .tar(),
                new RecordingFsOps(root),
                UnpackLimits.defaults());
        assertThat(Files.isSymbolicLink(root.resolve("l"))).isFalse();
        assertThat(Files.readString(root.resolve("t"))).isEqualTo("target");
        assertThat(Files.getFileAttributeView(root.resolve("l"), UserDefinedFileAttributeView.class))
                .isNotNull();
    }

    @Test
    void unpack_unknownTypeFlag_failsTheLayer() {
        TarArchiveEntry odd = new TarArchiveEntry("odd", (byte) 'Z');
        assertThatThrownBy(() -> unpack(
                        new TarBuilder().entry(odd, new byte[0]).tar(),
                        new RecordingFsOps(root),
                        UnpackLimits.defaults()))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("unsupported tar entry type 'Z'");
    }
}
