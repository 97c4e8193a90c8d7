package dev.cortado.cri.checkpoint;

import dev.cortado.errors.CortadoException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts a checked {@link CheckpointArchive} back on disk for a restore, as CRI-O's
 * {@code ContainerRestore}: CRIU's images into a directory of their own, and the rootfs changes
 * into the new container's mounted root ({@code rootfs-diff.tar} unpacked, then every path of
 * {@code deleted.files} removed through the overlay mount, which leaves the whiteouts). Every
 * name goes through {@link ArchiveNames}: nothing is written outside its root, and no symlink,
 * from the archive or the image, is followed.
 */
public final class RestoreFiles {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RestoreFiles() {}

    /** Writes the archive's {@code checkpoint/} files into {@code images}. */
    public static void extractImages(CheckpointArchive archive, Path images) throws IOException {
        Files.createDirectories(images);
        String prefix = CheckpointLayout.CHECKPOINT_DIR + "/";
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive.path()));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = ArchiveNames.check(archive.path(), e.getName());
                if (!name.startsWith(prefix)) {
                    continue;
                }
                Path target = ArchiveNames.below(archive.path(), images, name.substring(prefix.length()));
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (ArchiveNames.regular(e)) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Applies {@code rootfs-diff.tar} and {@code deleted.files} to the mounted root. */
    public static void applyRootfsChanges(CheckpointArchive archive, Path rootfs) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive.path()));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = ArchiveNames.check(archive.path(), e.getName());
                if (name.equals(CheckpointLayout.ROOTFS_DIFF) && ArchiveNames.regular(e)) {
                    unpackDiff(archive.path(), new TarArchiveInputStream(tar), rootfs);
                } else if (name.equals(CheckpointLayout.DELETED_FILES) && ArchiveNames.regular(e)) {
                    for (String deleted : deletedFiles(archive.path(), tar)) {
                        deleteTree(ArchiveNames.below(archive.path(), rootfs, stripRoot(archive.path(), deleted)));
                    }
                }
            }
        }
    }

    private static void unpackDiff(Path archive, TarArchiveInputStream diff, Path rootfs) throws IOException {
        TarArchiveEntry e;
        while ((e = diff.getNextEntry()) != null) {
            String name = ArchiveNames.check(archive, e.getName());
            if (name.isEmpty()) {
                continue;
            }
            Path target = ArchiveNames.below(archive, rootfs, name);
            Files.createDirectories(target.getParent());
            if (e.isDirectory()) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(target);
                    Files.createDirectory(target);
                }
            } else if (e.isSymbolicLink()) {
                deleteTree(target);
                Files.createSymbolicLink(target, Path.of(e.getLinkName()));
            } else if (ArchiveNames.regular(e)) {
                deleteTree(target);
                Files.copy(diff, target);
            } else {
                throw CortadoException.invalidArgument(
                        "checkpoint archive %s: %s entry \"%s\" is not a file, directory or symlink",
                        archive, CheckpointLayout.ROOTFS_DIFF, e.getName());
            }
            if (!e.isSymbolicLink()) {
                Files.setPosixFilePermissions(target, permissions(e.getMode()));
            }
            Files.setAttribute(target, "unix:uid", (int) e.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(target, "unix:gid", (int) e.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static List<String> deletedFiles(Path archive, InputStream in) throws IOException {
        byte[] bytes = in.readNBytes((int) CheckpointArchive.MAX_METADATA + 1);
        try {
            String[] paths = JSON.readValue(new String(bytes, StandardCharsets.UTF_8), String[].class);
            if (paths == null
                    || bytes.length > CheckpointArchive.MAX_METADATA
                    || java.util.Arrays.stream(paths).anyMatch(java.util.Objects::isNull)) {
                throw new IllegalArgumentException("too long, or not a list of strings");
            }
            return List.of(paths);
        } catch (JacksonException | IllegalArgumentException e) {
            throw CortadoException.invalidArgument(
                    "checkpoint archive %s: %s is not a JSON list of paths", archive, CheckpointLayout.DELETED_FILES);
        }
    }

    private static String stripRoot(Path archive, String path) {
        String relative = path.replaceFirst("^/+", "");
        return ArchiveNames.check(archive, relative.isEmpty() ? "/" : relative);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = java.util.EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                out.add(bits[i]);
            }
        }
        return out;
    }

    /** Removes a file, symlink (not its target) or directory tree; nothing when absent. */
    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(p);
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) { // walk does not follow links
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
