package dev.cortado.cri.image;

import java.nio.file.Path;
import java.util.Objects;

/** One filesystem's usage for ImageFsInfo: its mountpoint, bytes and inodes used, and when measured. */
public record FilesystemUsage(Path mountpoint, long usedBytes, long inodesUsed, long timestampNanos) {
    /** Requires a mountpoint. */
    public FilesystemUsage {
        Objects.requireNonNull(mountpoint, "mountpoint");
    }
}
