package dev.cortado.cri.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint archive to restore from is checked whole before anything is written: what it must
 * hold, what it may hold, and names that would reach outside the archive or the new root.
 */
class CheckpointArchiveTest {
    private static final String IMAGE = "localhost:5000/counter:1";

    @TempDir
    Path dir;

    @Test
    void archiveAsCheckpointContainerWritesIt_isRead_configSpecAndImagesBackOnDisk() throws Exception {
        Path upper = Files.createDirectories(dir.resolve("upper/data"));
        Files.writeString(upper.resolve("count"), "41");
        Path staging = Files.createDirectories(dir.resolve("staging/checkpoint"));
        Files.writeString(staging.resolve("inventory.img"), "inv");
        Files.writeString(staging.resolve("pages-1.img"), "pages");
        Files.writeString(
                staging.resolveSibling(CheckpointLayout.SPEC_DUMP),
                "{\"ociVersion\":\"1.1.0\",\"mounts\":[{\"destination\":\"/data\",\"type\":\"bind\","
                        + "\"source\":\"/srv\",\"options\":[\"rbind\"]},{\"destination\":\"/tmp\",\"type\":\"tmpfs\"}]}");
        Files.writeString(
                staging.resolveSibling(CheckpointLayout.CONFIG_DUMP),
                new CheckpointConfig(
                                "c1",
                                "counter",
                                IMAGE,
                                "sha256:ab",
                                "runc",
                                java.time.Instant.EPOCH,
                                java.time.Instant.parse("2026-12-03T09:00:00Z"))
                        .toJson());
        RootfsDiff.write(
                dir.resolve("upper"),
                staging.resolveSibling(CheckpointLayout.ROOTFS_DIFF),
                staging.resolveSibling(CheckpointLayout.DELETED_FILES));
        Files.writeString(staging.resolveSibling(CheckpointLayout.DELETED_FILES), "[\"/etc/motd\"]");
        Path archive = dir.resolve("counter.tar");
        CheckpointLayout.archive(staging.getParent(), archive);

        CheckpointArchive a = CheckpointArchive.read(archive);

        assertThat(CheckpointArchive.named(archive.toString())).contains(archive);
        assertThat(a.config().name()).isEqualTo("counter");
        assertThat(a.config().imageName()).isEqualTo(IMAGE);
        assertThat(a.config().checkpointed()).hasToString("2026-12-03T09:00:00Z");
        assertThat(a.spec().bindMounts()).containsExactly("/data");
        assertThat(a.hasRootfsDiff()).isTrue();

        Path images = dir.resolve("bundle/restore-images");
        RestoreFiles.extractImages(a, images);
        assertThat(images.resolve("pages-1.img")).hasContent("pages");
        assertThat(images.resolve("inventory.img")).hasContent("inv");

        Path rootfs = Files.createDirectories(dir.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("motd"), "hello");
        RestoreFiles.applyRootfsChanges(a, rootfs.getParent());
        assertThat(rootfs.resolveSibling("data/count")).hasContent("41");
        assertThat(rootfs.resolve("motd")).doesNotExist();
    }

    @Test
    void namedArchive_onlyAnAbsolutePathToAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("x.tar"), "x");
        assertThat(CheckpointArchive.named("busybox:1")).isEmpty();
        assertThat(CheckpointArchive.named(dir.toString())).as("a directory").isEmpty();
        assertThat(CheckpointArchive.named(dir.resolve("none.tar").toString())).isEmpty();
        assertThat(CheckpointArchive.named(file.toString())).contains(file);
    }

    @Test
    void missingParts_areInvalidArgumentNamingThem() throws Exception {
        for (String part : new String[] {"config.dump", "spec.dump", "checkpoint/inventory.img"}) {
            Path archive = TestArchives.checkpointOf(IMAGE).without(part).writeTo(dir.resolve("a.tar"));
            invalid(() -> CheckpointArchive.read(archive), "has no " + part);
        }
    }

    @Test
    void notATar_orBadMetadata_isInvalidArgument() throws Exception {
        Path text =
                Files.writeString(dir.resolve("text.tar"), "this is not a tar archive at all, just text\n".repeat(20));
        invalid(() -> CheckpointArchive.read(text), "text.tar");
        Path noImage = TestArchives.checkpointOf(IMAGE)
                .without("config.dump")
                .file("config.dump", "{\"name\":\"web\"}")
                .writeTo(dir.resolve("b.tar"));
        invalid(() -> CheckpointArchive.read(noImage), "config.dump names no container (name) or no image");
        Path badSpec = TestArchives.checkpointOf(IMAGE)
                .without("spec.dump")
                .file("spec.dump", "[1,2]")
                .writeTo(dir.resolve("c.tar"));
        invalid(() -> CheckpointArchive.read(badSpec), "spec.dump is not an OCI runtime spec");
    }

    @Test
    void entriesOutsideTheArchive_orLinks_areInvalidArgument() throws Exception {
        for (String name : new String[] {"../escape", "/etc/cron.d/x", "checkpoint/../../x", "a//b"}) {
            Path archive = TestArchives.checkpointOf(IMAGE).file(name, "x").writeTo(dir.resolve("d.tar"));
            invalid(() -> CheckpointArchive.read(archive), "is not a relative path inside the archive");
        }
        Path link = TestArchives.checkpointOf(IMAGE)
                .symlink("checkpoint/core-1.img", "/etc/shadow")
                .writeTo(dir.resolve("e.tar"));
        invalid(() -> CheckpointArchive.read(link), "is neither a file nor a directory");
    }

    @Test
    void rootfsDiffThroughASymlink_orDeletedFilesOutsideTheRoot_areRefused_andNothingLeaksOut() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("host-etc"));
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Path viaLink = TestArchives.checkpointOf(IMAGE)
                .rootfsDiff(
                        new TestArchives().symlink("etc", outside.toString()).file("etc/passwd", "root::0:0"))
                .writeTo(dir.resolve("f.tar"));
        CheckpointArchive a = CheckpointArchive.read(viaLink);
        invalid(() -> RestoreFiles.applyRootfsChanges(a, rootfs), "goes through the symbolic link etc");
        assertThat(outside.resolve("passwd")).doesNotExist();

        Files.writeString(outside.resolve("keep"), "k");
        Path deleting = TestArchives.checkpointOf(IMAGE)
                .file("deleted.files", "[\"/../host-etc/keep\"]")
                .writeTo(dir.resolve("g.tar"));
        CheckpointArchive b = CheckpointArchive.read(deleting);
        invalid(() -> RestoreFiles.applyRootfsChanges(b, rootfs), "is not a relative path");
        assertThat(outside.resolve("keep")).exists();
    }

    private static void invalid(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CortadoException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
