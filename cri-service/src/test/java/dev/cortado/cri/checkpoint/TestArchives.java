package dev.cortado.cri.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Builds tar archives entry by entry, including the malformed ones a real tool would not write. */
public final class TestArchives {
    private final List<TarArchiveEntry> entries = new ArrayList<>();
    private final List<byte[]> contents = new ArrayList<>();

    /** config.dump (container "web" of {@code image}), spec.dump (bind mounts at {@code binds}), inventory.img. */
    public static TestArchives checkpointOf(String image, String... binds) {
        StringBuilder mounts = new StringBuilder("[{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"}");
        for (String b : binds) {
            mounts.append(",{\"destination\":\"")
                    .append(b)
                    .append("\",\"type\":\"bind\",\"source\":\"/host")
                    .append(b)
                    .append("\",\"options\":[\"rbind\",\"rw\"]}");
        }
        mounts.append(']');
        return new TestArchives()
                .file(
                        CheckpointLayout.CONFIG_DUMP,
                        new CheckpointConfig(
                                        "0123abcd",
                                        "web",
                                        image,
                                        "sha256:" + "ab".repeat(32),
                                        "cortado",
                                        Instant.parse("2026-12-03T08:00:00Z"),
                                        Instant.parse("2026-12-03T09:00:00Z"))
                                .toJson())
                .file(
                        CheckpointLayout.SPEC_DUMP,
                        "{\"ociVersion\":\"1.1.0\",\"mounts\":" + mounts
                                + ",\"annotations\":{\"io.kubernetes.cri.container-type\":\"container\"}}")
                .dir(CheckpointLayout.CHECKPOINT_DIR)
                .file("checkpoint/inventory.img", "inventory")
                .file("checkpoint/pages-1.img", "pages");
    }

    public TestArchives file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public TestArchives file(String name, byte[] content) {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(content.length);
        e.setMode(0644);
        entries.add(e);
        contents.add(content);
        return this;
    }

    public TestArchives dir(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name + "/", true);
        e.setMode(0755);
        entries.add(e);
        contents.add(new byte[0]);
        return this;
    }

    public TestArchives symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
        e.setLinkName(target);
        entries.add(e);
        contents.add(new byte[0]);
        return this;
    }

    /** Adds {@code rootfs-diff.tar} holding {@code diff}'s entries. */
    public TestArchives rootfsDiff(TestArchives diff) throws IOException {
        return file(CheckpointLayout.ROOTFS_DIFF, diff.bytes());
    }

    /** Removes the entry called {@code name}. */
    public TestArchives without(String name) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).getName().equals(name)) {
                entries.remove(i);
                contents.remove(i);
            }
        }
        return this;
    }

    public byte[] bytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out);
        return out.toByteArray();
    }

    public Path writeTo(Path archive) throws IOException {
        try (OutputStream out = Files.newOutputStream(archive)) {
            write(out);
        }
        return archive;
    }

    private void write(OutputStream out) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i < entries.size(); i++) {
                tar.putArchiveEntry(entries.get(i));
                tar.write(contents.get(i));
                tar.closeArchiveEntry();
            }
        }
    }
}
