package dev.cortado.cri.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A container checkpoint archive as CRI-O writes it for kubelet's checkpoint API (the names of
 * checkpointctl's {@code metadata} package): an uncompressed tar of {@value #CONFIG_DUMP},
 * {@value #SPEC_DUMP}, {@value #ROOTFS_DIFF}, {@value #DELETED_FILES}, CRIU's images in
 * {@value #CHECKPOINT_DIR}/, and CRIU's {@value #DUMP_LOG} and {@value #STATS_DUMP}.
 */
public final class CheckpointLayout {
    public static final String CONFIG_DUMP = "config.dump";
    public static final String SPEC_DUMP = "spec.dump";
    public static final String ROOTFS_DIFF = "rootfs-diff.tar";
    public static final String DELETED_FILES = "deleted.files";
    public static final String CHECKPOINT_DIR = "checkpoint";
    public static final String DUMP_LOG = "dump.log";
    public static final String STATS_DUMP = "stats-dump";
    /** What every archive has (the rest, dump.log and stats-dump, only when CRIU wrote them). */
    public static final List<String> REQUIRED =
            List.of(CONFIG_DUMP, SPEC_DUMP, ROOTFS_DIFF, DELETED_FILES, CHECKPOINT_DIR);

    private CheckpointLayout() {}

    /**
     * Tars the staging dir's content into {@code location}: written beside it under a temporary
     * name and renamed, so the archive at {@code location} is whole or absent. Top-level files
     * outside the layout are left out.
     */
    public static void archive(Path staging, Path location) throws IOException {
        for (String required : REQUIRED) {
            if (!Files.exists(staging.resolve(required), LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("checkpoint " + staging + " has no " + required);
            }
        }
        Path tmp = location.resolveSibling("." + location.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (String top : List.of(
                        CONFIG_DUMP, SPEC_DUMP, ROOTFS_DIFF, DELETED_FILES, DUMP_LOG, STATS_DUMP, CHECKPOINT_DIR)) {
                    Path p = staging.resolve(top);
                    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                        addTree(tar, staging, p);
                    }
                }
            }
            Files.move(tmp, location, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void addTree(TarArchiveOutputStream tar, Path staging, Path top) throws IOException {
        try (Stream<Path> walk = Files.walk(top)) {
            for (Path p : walk.sorted().toList()) {
                String name = staging.relativize(p).toString();
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    tar.putArchiveEntry(new TarArchiveEntry(name + "/"));
                    tar.closeArchiveEntry();
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    TarArchiveEntry e = new TarArchiveEntry(name);
                    e.setSize(Files.size(p));
                    e.setMode(0600);
                    tar.putArchiveEntry(e);
                    Files.copy(p, tar);
                    tar.closeArchiveEntry();
                }
            }
        }
    }
}
