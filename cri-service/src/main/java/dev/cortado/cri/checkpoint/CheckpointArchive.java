package dev.cortado.cri.checkpoint;

import dev.cortado.errors.CortadoException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A container checkpoint archive to restore from, read once and checked before anything is
 * created (CRI-O's {@code CRImportCheckpoint}: CreateContainer whose image is the path of such
 * an archive). Every entry must be a safely named file or directory ({@link ArchiveNames}); the
 * archive must hold {@value CheckpointLayout#CONFIG_DUMP}, {@value CheckpointLayout#SPEC_DUMP}
 * (each at most 1 MiB) and CRIU's {@code inventory.img} in {@value CheckpointLayout#CHECKPOINT_DIR}/.
 * Anything else is INVALID_ARGUMENT naming the archive and what is wrong.
 *
 * @param path the archive
 * @param config its {@code config.dump}
 * @param spec what a restore needs of its {@code spec.dump}
 * @param hasRootfsDiff whether it holds {@value CheckpointLayout#ROOTFS_DIFF}
 */
public record CheckpointArchive(Path path, CheckpointConfig config, SpecDump spec, boolean hasRootfsDiff) {
    static final long MAX_METADATA = 1 << 20;
    static final int MAX_ENTRIES = 100_000;
    private static final String INVENTORY = CheckpointLayout.CHECKPOINT_DIR + "/inventory.img";

    /**
     * The archive an image name stands for: CRI-O's rule, an absolute path to an existing regular
     * file is a checkpoint archive (an image reference never starts with '/').
     */
    public static Optional<Path> named(String image) {
        if (!image.startsWith("/")) {
            return Optional.empty();
        }
        Path p = Path.of(image);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** Reads and checks the archive (one pass, nothing written). */
    public static CheckpointArchive read(Path archive) {
        String config = null;
        String spec = null;
        Set<String> names = new HashSet<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = ArchiveNames.check(archive, e.getName());
                if (!ArchiveNames.regular(e) && !e.isDirectory()) {
                    throw CortadoException.invalidArgument(
                            "checkpoint archive %s: entry \"%s\" is neither a file nor a directory",
                            archive, e.getName());
                }
                if (names.size() >= MAX_ENTRIES) {
                    throw CortadoException.invalidArgument(
                            "checkpoint archive %s has more than %d entries", archive, MAX_ENTRIES);
                }
                names.add(e.isDirectory() ? name + "/" : name);
                if (name.equals(CheckpointLayout.CONFIG_DUMP) && ArchiveNames.regular(e)) {
                    config = small(archive, tar, e);
                } else if (name.equals(CheckpointLayout.SPEC_DUMP) && ArchiveNames.regular(e)) {
                    spec = small(archive, tar, e);
                }
            }
        } catch (IOException e) {
            throw CortadoException.invalidArgument(
                    "checkpoint archive %s cannot be read as a tar archive: %s", archive, e.getMessage());
        }
        for (String required : new String[] {CheckpointLayout.CONFIG_DUMP, CheckpointLayout.SPEC_DUMP, INVENTORY}) {
            if (!names.contains(required)) {
                throw CortadoException.invalidArgument(
                        "checkpoint archive %s has no %s (not a container checkpoint: %d entries)",
                        archive, required, names.size());
            }
        }
        return new CheckpointArchive(
                archive,
                CheckpointConfig.parse(archive, config),
                SpecDump.parse(archive, spec),
                names.contains(CheckpointLayout.ROOTFS_DIFF));
    }

    private static String small(Path archive, TarArchiveInputStream tar, TarArchiveEntry e) throws IOException {
        if (e.getSize() > MAX_METADATA) {
            throw CortadoException.invalidArgument(
                    "checkpoint archive %s: %s is %d bytes, more than %d",
                    archive, e.getName(), e.getSize(), MAX_METADATA);
        }
        return new String(tar.readNBytes((int) MAX_METADATA), StandardCharsets.UTF_8);
    }
}
