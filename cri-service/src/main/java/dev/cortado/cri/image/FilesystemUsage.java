package dev.cortado.cri.image;

import java.nio.file.Path;
import java.util.Objects;

/** One filesystem's usage for ImageFsInfo: its mountpoint, bytes and inodes used, and when measured. */
public record FilesystemUsage(Path mountpoint, long usedBytes, long inodesUsed, long timestampNanos) {
    /** Requires a mountpoint. */
    public FilesystemUsage {
        Objects.requireNonNull(mountpoint, "mountpoint");
    }

    /** The sum of two measurements of the same filesystem. */
    public FilesystemUsage plus(FilesystemUsage other) {
        return new FilesystemUsage(
                mountpoint,
                usedBytes + other.usedBytes,
                inodesUsed + other.inodesUsed,
                Math.max(timestampNanos, other.timestampNanos));
    }
}
