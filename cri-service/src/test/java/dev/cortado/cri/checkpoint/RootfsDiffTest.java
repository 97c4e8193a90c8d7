package dev.cortado.cri.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rootfs diff and the archive: what CRI-O's layout holds, and nothing half-written. */
class RootfsDiffTest {
    @TempDir
    Path dir;

    @Test
    void upperDir_filesDirsAndSymlinksInTheTar_whiteoutsInDeletedFiles() throws Exception {
        Path upper = Files.createDirectories(dir.resolve("upper/etc"));
        Files.writeString(upper.resolve("motd"), "hello");
        Files.createSymbolicLink(upper.resolve("link"), Path.of("motd"));
        Path whiteout = upper.resolve("passwd");
        boolean root = mknodWhiteout(whiteout);

        java.util.List<String> deleted =
                RootfsDiff.write(dir.resolve("upper"), dir.resolve("diff.tar"), dir.resolve("deleted.files"));

        Map<String, TarArchiveEntry> tar = entries(dir.resolve("diff.tar"));
        assertThat(tar).containsKeys("etc/", "etc/motd", "etc/link");
        assertThat(tar.get("etc/link").getLinkName()).isEqualTo("motd");
        assertThat(tar.get("etc/motd").getSize()).isEqualTo(5);
        if (root) {
            assertThat(deleted).containsExactly("/etc/passwd");
            assertThat(tar).doesNotContainKey("etc/passwd");
            assertThat(Files.readString(dir.resolve("deleted.files"))).isEqualTo("[\"/etc/passwd\"]");
        }
    }

    @Test
    void archive_missingARequiredPart_failsAndWritesNothing() throws Exception {
        Path staging = Files.createDirectories(dir.resolve("staging/checkpoint"));
        Files.writeString(dir.resolve("staging/config.dump"), "{}");
        Path location = dir.resolve("c.tar");

        assertThatThrownBy(() -> CheckpointLayout.archive(dir.resolve("staging"), location))
                .hasMessageContaining("spec.dump");
        assertThat(location).doesNotExist();
        assertThat(dir.resolve(".c.tar.tmp")).doesNotExist();
    }

    @Test
    void archive_holdsTheLayoutOnly() throws Exception {
        Path staging = Files.createDirectories(dir.resolve("staging/checkpoint"));
        for (String f : new String[] {
            "config.dump", "spec.dump", "rootfs-diff.tar", "deleted.files", "dump.log", "unrelated.txt"
        }) {
            Files.writeString(staging.resolve("..").resolve(f).normalize(), f);
        }
        Files.writeString(staging.resolve("core-1.img"), "core");

        CheckpointLayout.archive(dir.resolve("staging"), dir.resolve("c.tar"));

        assertThat(entries(dir.resolve("c.tar")))
                .containsOnlyKeys(
                        "config.dump",
                        "spec.dump",
                        "rootfs-diff.tar",
                        "deleted.files",
                        "dump.log",
                        "checkpoint/",
                        "checkpoint/core-1.img");
    }

    @Test
    void configDump_usesCheckpointctlsNames() {
        String json = new CheckpointConfig(
                        "c1",
                        "web",
                        "busybox:1",
                        "sha256:ab",
                        "runc",
                        java.time.Instant.parse("2026-12-03T09:00:00Z"),
                        java.time.Instant.parse("2026-12-03T10:00:00Z"))
                .toJson();
        assertThat(json)
                .contains(
                        "\"id\":\"c1\"",
                        "\"name\":\"web\"",
                        "\"rootfsImageName\":\"busybox:1\"",
                        "\"rootfsImageRef\":\"sha256:ab\"",
                        "\"runtime\":\"runc\"",
                        "\"createdTime\":\"2026-12-03T09:00:00Z\"",
                        "\"checkpointedTime\":\"2026-12-03T10:00:00Z\"",
                        "\"restored\":false");
    }

    @Test
    void criuStatus_failingCheck_namesItsErrors_andIsAskedOnce() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        CriuStatus s = new CriuStatus(() -> {
            calls.incrementAndGet();
            return new CriuStatus.Result(
                    1,
                    "Warn (x)\nError (criu/kerndat.c:1666): kerndat_has_nftables_concat "
                            + "failed when initializing kerndat.\n");
        });
        assertThatThrownBy(() -> s.require("checkpoint container c1"))
                .hasMessageContaining("cannot checkpoint "
                        + "container c1: criu does not work on this node (criu check: Error (criu/kerndat.c:1666)");
        assertThat(s.problem()).isPresent();
        assertThat(calls).hasValue(1);
    }

    /** A whiteout needs mknod(2), so root (the CI runs as root); false when it cannot be made. */
    private static boolean mknodWhiteout(Path p) throws Exception {
        Process mk = new ProcessBuilder("mknod", p.toString(), "c", "0", "0")
                .redirectErrorStream(true)
                .start();
        boolean made = mk.waitFor() == 0;
        assumeTrue(made || !"root".equals(System.getProperty("user.name")), "root could not mknod a whiteout");
        return made;
    }

    private static Map<String, TarArchiveEntry> entries(Path tar) throws IOException {
        Map<String, TarArchiveEntry> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(tar);
                TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
                out.put(e.getName(), e);
            }
        }
        return out;
    }
}
