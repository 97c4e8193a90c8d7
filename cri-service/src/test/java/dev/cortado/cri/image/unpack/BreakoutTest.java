package dev.cortado.cri.image.unpack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cri.image.reference.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * containerd's TestBreakouts cases (pkg/archive/tar_test.go) and the extra ones of
 * research/reliability.md B1/B2, against our unpacker: whatever each layer does, nothing outside
 * the snapshot changes. A layer may fail; it may never escape.
 */
class BreakoutTest {
    @TempDir
    Path base;

    private Path root;
    private Path outside;
    private Map<String, String> before;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(base.resolve("root"));
        outside = Files.createDirectory(base.resolve("outside"));
        Files.writeString(outside.resolve("sentinel"), "unbroken");
        Files.setAttribute(outside.resolve("sentinel"), "unix:mode", 0640);
        Files.createDirectory(outside.resolve("dir"));
        before = snapshot(base);
    }

    static Stream<Arguments> layers() {
        return Stream.of(
                layer("SymlinkAbsolute", o -> new TarBuilder().symlink("d", o).file("d/f", "x")),
                layer(
                        "SymlinkUpAndOut",
                        o -> new TarBuilder().symlink("d", "../outside").file("d/f", "x")),
                layer(
                        "SymlinkMultipleUp",
                        o -> new TarBuilder()
                                .symlink("d", "../../../../../../../" + o)
                                .file("d/f", "x")),
                layer(
                        "SymlinkParentDirectory",
                        o -> new TarBuilder()
                                .dir("d", 0755)
                                .symlink("d/up", "..")
                                .symlink("d/up2", "up/..")
                                .file("d/up2/up/f", "x")),
                layer(
                        "SymlinkChain",
                        o -> new TarBuilder()
                                .symlink("a", "b")
                                .symlink("b", o + "/dir")
                                .file("a/f", "x")),
                layer(
                        "SymlinkOverridePath",
                        o -> new TarBuilder().symlink("f", o + "/sentinel").file("f", "overwritten")),
                layer(
                        "SymlinkEmptyFile",
                        o -> new TarBuilder().symlink("f", o + "/sentinel").file("f", "")),
                layer(
                        "SymlinkSlashEnded",
                        o -> new TarBuilder().symlink("d", o + "/").file("d/sentinel", "x")),
                layer(
                        "SymlinkOverrideDirectory",
                        o -> new TarBuilder().dir("d", 0755).symlink("d", o).file("d/f", "x")),
                layer(
                        "DirectoryOverrideSymlink",
                        o -> new TarBuilder().symlink("d", o).dir("d", 0777).file("d/sentinel", "x")),
                layer(
                        "ChmodThroughSymlink",
                        o -> new TarBuilder().symlink("link", o + "/sentinel").dir("link", 04777)),
                layer(
                        "ChmodThroughRelativeSymlink",
                        o -> new TarBuilder()
                                .symlink("link", "../../../../../" + o + "/sentinel")
                                .file("link", "", 04777, e -> e.setModTime(0))),
                layer(
                        "ChownThroughSymlink",
                        o -> new TarBuilder().symlink("link", o + "/dir").file("link", "", 0644, e -> {
                            e.setUserId(4242);
                            e.setGroupId(4242);
                        })),
                layer("HardlinkAbsolute", o -> new TarBuilder().hardlink("h", o + "/sentinel")),
                layer("HardlinkRelativeUpAndOut", o -> new TarBuilder().hardlink("h", "../outside/sentinel")),
                layer(
                        "HardlinkDownAndOut",
                        o -> new TarBuilder()
                                .dir("d", 0755)
                                .symlink("d/up", "../../outside")
                                .hardlink("h", "d/up/sentinel")),
                layer(
                        "HardlinkSymlinkChmod",
                        o -> new TarBuilder()
                                .symlink("link", o + "/sentinel")
                                .hardlink("h", "link")
                                .file("h", "", 0777, e -> {})),
                layer(
                        "HardlinkSymlinkBeforeCreateTarget",
                        o -> new TarBuilder()
                                .symlink("link", o + "/sentinel")
                                .hardlink("h", "link")
                                .file("link", "x")),
                layer(
                        "HardlinkThenWriteThroughIt",
                        o -> new TarBuilder()
                                .symlink("link", o + "/sentinel")
                                .hardlink("h", "link")
                                .file("h/x", "x")),
                layer("AbsoluteName", o -> new TarBuilder().file(o + "/sentinel", "x")),
                layer(
                        "DotDotName",
                        o -> new TarBuilder()
                                .file("../outside/sentinel", "x")
                                .file("/../../outside/f2", "x")
                                .file("./../outside/f3", "x")),
                layer("WhiteoutRootParent", o -> new TarBuilder().file("../.wh.outside", "")),
                layer("WhiteoutParent", o -> new TarBuilder().dir("d", 0755).file("d/../../.wh.outside", "")),
                layer("WhiteoutSymlink", o -> new TarBuilder().symlink("d", o).file("d/.wh.sentinel", "")),
                layer(
                        "WhiteoutSymlinkPath",
                        o -> new TarBuilder().symlink("d", "../outside").file("d/.wh.dir", "")),
                layer("WhiteoutDotDot", o -> new TarBuilder().file(".wh...", "")),
                layer(
                        "WhiteoutDeadSymlinkParent",
                        o -> new TarBuilder().symlink("d", "/nowhere/at/all").file("d/.wh.x", "")),
                layer(
                        "OpaqueThroughSymlink",
                        o -> new TarBuilder().symlink("d", o).file("d/.wh..wh..opq", "")),
                layer(
                        "DuplicateEntries",
                        o -> new TarBuilder()
                                .file("a", "1")
                                .symlink("a", o + "/sentinel")
                                .file("a", "2")),
                layer("LongName", o -> new TarBuilder().file("a/".repeat(3000) + "f", "x")),
                layer(
                        "PaxPathDiffersFromUstar",
                        o -> new TarBuilder().file("x".repeat(120) + "/../../../outside/sentinel", "x")),
                layer(
                        "CharDeviceThroughSymlink",
                        o -> new TarBuilder()
                                .symlink("null", o + "/sentinel")
                                .node("null", org.apache.commons.compress.archivers.tar.TarConstants.LF_CHR, 1, 3)));
    }

    private static Arguments layer(String name, Function<String, TarBuilder> build) {
        return Arguments.of(name, build);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void unpack_maliciousLayer_neverChangesAnythingOutsideTheSnapshot(String name, Function<String, TarBuilder> build)
            throws IOException {
        byte[] tar = build.apply(outside.toString()).tar();
        try {
            new LayerUnpacker(new RecordingFsOps(root.toRealPath()), UnpackLimits.defaults(), true)
                    .unpack(new ByteArrayInputStream(tar), root);
        } catch (RuntimeException | IOException failedCleanly) {
            // refusing a layer is fine; escaping is not
        }
        assertThat(snapshot(base)).as(name).containsAllEntriesOf(before);
        try (Stream<Path> files = Files.walk(base)) {
            assertThat(files.filter(p -> !p.startsWith(root)
                            && !before.containsKey(base.relativize(p).toString())))
                    .as("new files outside the snapshot in " + name)
                    .isEmpty();
        }
    }

    /** Content hash, mode, owner and mtime of everything outside {@code root}. */
    private Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (root != null && p.startsWith(root) && !p.equals(root)) {
                    continue;
                }
                Map<String, Object> a =
                        Files.readAttributes(p, "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
                String content = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        ? Digest.sha256(Files.readAllBytes(p)).hex()
                        : "";
                String key = dir.relativize(p).toString();
                out.put(
                        key,
                        a.get("mode") + " " + a.get("uid") + " " + a.get("gid")
                                + (p.equals(root) || p.equals(dir) ? "" : " " + a.get("lastModifiedTime")) + " "
                                + content);
            }
        }
        return out;
    }
}
