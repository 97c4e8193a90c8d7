package dev.cortado.cri.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.checkpoint.CheckpointLayout;
import dev.cortado.cri.checkpoint.CriuStatus;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CheckpointContainer: the task's Checkpoint into a staging dir, then CRI-O's archive at the
 * location; refused before any task call when the container is not running or criu does not
 * work; the staging dir never stays.
 */
class ContainerCheckpointTest {
    @TempDir
    Path dir;

    private ContainerFixture f;
    private Path location;

    @BeforeEach
    void setUp() throws Exception {
        f = new ContainerFixture(dir);
        location = Files.createDirectories(dir.resolve("out")).resolve("web.tar");
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    private Container running() {
        Container c = f.create("web");
        f.service.start(c.id());
        f.tasks.calls.clear();
        return c;
    }

    @Test
    void running_archiveHasCriOsLayout_specConfigAndRootfsChanges_andTheTaskWasLeftRunning() throws Exception {
        Container c = running();
        Files.writeString(
                Files.createDirectories(f.layer(c.id()).resolve("upper/data")).resolve("count"), "41");

        f.service.checkpoint(c.id(), location, Duration.ofSeconds(30));

        assertThat(f.tasks.calls)
                .singleElement()
                .asString()
                .startsWith("checkpoint " + c.id())
                .endsWith("exit=false");
        Map<String, byte[]> tar = entries(location);
        assertThat(tar)
                .containsKeys(
                        CheckpointLayout.CONFIG_DUMP,
                        CheckpointLayout.SPEC_DUMP,
                        CheckpointLayout.ROOTFS_DIFF,
                        CheckpointLayout.DELETED_FILES,
                        "checkpoint/",
                        "checkpoint/pages-1.img",
                        CheckpointLayout.DUMP_LOG,
                        CheckpointLayout.STATS_DUMP);
        assertThat(new String(tar.get(CheckpointLayout.SPEC_DUMP), StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(f.bundle(c.id()).resolve("config.json")));
        assertThat(new String(tar.get(CheckpointLayout.CONFIG_DUMP), StandardCharsets.UTF_8))
                .contains(
                        "\"id\":\"" + c.id() + "\"",
                        "\"name\":\"web\"",
                        "\"rootfsImageName\":\"" + ContainerFixture.IMAGE + "\"",
                        "\"rootfsImageRef\":\"" + ContainerFixture.IMAGE_ID + "\"",
                        "\"checkpointedTime\":\"2026-12-03T09:00:00Z\"");
        assertThat(entries(tar.get(CheckpointLayout.ROOTFS_DIFF))).containsKeys("data/", "data/count");
        assertThat(new String(tar.get(CheckpointLayout.DELETED_FILES), StandardCharsets.UTF_8))
                .isEqualTo("[]");
        assertThat(stagingDirs(c)).isEmpty();
        assertThat(f.service.status(c.id()).state()).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void criuNotWorking_isFailedPreconditionWithCriusReason_beforeAnyTaskCall() {
        f.criuCheck = new CriuStatus.Result(
                1,
                "Error (criu/vdso.c:613): vdso: Failed to fill self vdso symtable\n"
                        + "Error (criu/crtools.c:260): Could not initialize kernel features detection.\n");
        Container c = running();

        assertThatThrownBy(() -> f.service.checkpoint(c.id(), location, Duration.ZERO))
                .isInstanceOfSatisfying(CortadoException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION);
                    assertThat(e.getMessage())
                            .contains(
                                    c.id(),
                                    "criu does not work on this node",
                                    "vdso: Failed to fill self vdso symtable",
                                    "Could not initialize kernel features");
                });
        assertThat(f.tasks.calls).isEmpty();
        assertThat(location).doesNotExist();
    }

    @Test
    void created_isFailedPrecondition() {
        Container c = f.create("new");
        assertThatThrownBy(() -> f.service.checkpoint(c.id(), location, Duration.ZERO))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.getMessage()).contains("CREATED"));
    }

    @Test
    void relativeLocation_isInvalidArgument() {
        Container c = running();
        assertThatThrownBy(() -> f.service.checkpoint(c.id(), Path.of("web.tar"), Duration.ZERO))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }

    @Test
    void failedDump_leavesNoArchiveAndNoStagingDir() {
        Container c = running();
        f.tasks.failures.put("checkpoint", CortadoException.failedPrecondition("criu dump failed: no tun"));

        assertThatThrownBy(() -> f.service.checkpoint(c.id(), location, Duration.ZERO))
                .hasMessageContaining("no tun");
        assertThat(location).doesNotExist();
        assertThat(stagingDirs(c)).isEmpty();
    }

    private Object[] stagingDirs(Container c) {
        try (Stream<Path> s = Files.list(f.bundle(c.id()))) {
            return s.filter(p -> p.getFileName().toString().startsWith("checkpoint-"))
                    .toArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Map<String, byte[]> entries(Path tar) throws IOException {
        try (InputStream in = Files.newInputStream(tar)) {
            return entries(in);
        }
    }

    private static Map<String, byte[]> entries(byte[] tar) throws IOException {
        return entries(new java.io.ByteArrayInputStream(tar));
    }

    private static Map<String, byte[]> entries(InputStream in) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        TarArchiveInputStream t = new TarArchiveInputStream(in);
        for (TarArchiveEntry e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
            out.put(e.getName(), t.readAllBytes());
        }
        return out;
    }
}
