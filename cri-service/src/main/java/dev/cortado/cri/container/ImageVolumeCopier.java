package dev.cortado.cri.container;

import dev.cortado.cri.spec.ImageVolume;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Creates the anonymous volumes of an image's {@code VOLUME}s and copies what the image has at
 * each path into it, as containerd's {@code WithVolumes} does. The source is looked up in the
 * mounted rootfs with symlinks resolved and must stay inside it (an image's
 * {@code VOLUME /data} with {@code /data -> /etc} on the host must copy nothing of the host's);
 * below it nothing is followed: links are copied as links.
 */
final class ImageVolumeCopier {
    private ImageVolumeCopier() {}

    static void create(List<ImageVolume> volumes, Path rootfs) throws IOException {
        Path root = rootfs.toRealPath();
        for (ImageVolume v : volumes) {
            Path target = Files.createDirectories(Path.of(v.hostPath()));
            Path source;
            try {
                source = root.resolve(v.containerPath().substring(1)).toRealPath();
            } catch (NoSuchFileException e) {
                continue;
            }
            if (!source.startsWith(root) || !Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            copyTree(source, target);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path to = target.resolve(source.relativize(dir).toString());
                if (!Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(dir, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path to = target.resolve(source.relativize(file).toString());
                if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
                    Files.copy(
                            file,
                            to,
                            StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS,
                            StandardCopyOption.REPLACE_EXISTING);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
