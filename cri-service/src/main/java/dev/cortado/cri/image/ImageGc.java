package dev.cortado.cri.image;

import dev.cortado.cri.image.content.ContentStore;
import dev.cortado.cri.image.reference.Digest;
import dev.cortado.cri.image.snapshot.DiskUsage;
import dev.cortado.cri.image.snapshot.Snapshot;
import dev.cortado.cri.image.snapshot.SnapshotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Mark and sweep over blobs and snapshots, with the images as roots; and image filesystem usage. */
final class ImageGc {
    private ImageGc() {}

    static void collect(List<Image> images, ContentStore content, SnapshotStore snapshots) {
        Set<String> blobs = new HashSet<>();
        Set<String> chains = new HashSet<>();
        for (Image image : images) {
            blobs.addAll(image.blobs());
            chains.addAll(image.chainIds());
        }
        try {
            for (Digest blob : content.list()) {
                if (!blobs.contains(blob.toString())) {
                    content.delete(blob);
                }
            }
            for (Snapshot snapshot : snapshots.list()) {
                if (!chains.contains(snapshot.chainId().toString())) {
                    snapshots.remove(snapshot.chainId());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("garbage collecting images", e);
        }
    }

    static FilesystemUsage usage(Path mountpoint, Path dir, Clock clock) {
        try {
            DiskUsage used = DiskUsage.of(dir);
            long nanos = clock.instant().getEpochSecond() * 1_000_000_000L
                    + clock.instant().getNano();
            return new FilesystemUsage(mountpoint, used.bytes(), used.inodes(), nanos);
        } catch (IOException e) {
            throw new UncheckedIOException("measuring filesystem usage of " + dir, e);
        }
    }
}
