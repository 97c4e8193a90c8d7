package dev.cortado.cri.image.snapshot;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Bytes and inodes used under a directory (symlinks not followed), for ImageFsInfo and for a
 * container's writable layer in stats.
 */
public record DiskUsage(long bytes, long inodes) {
    /** Walks {@code dir}; a missing directory uses nothing. */
    public static DiskUsage of(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return new DiskUsage(0, 0);
        }
        long[] totals = new long[2];
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                totals[1]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                totals[0] += attrs.size();
                totals[1]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // a file removed while walking uses nothing
            }
        });
        return new DiskUsage(totals[0], totals[1]);
    }
}
