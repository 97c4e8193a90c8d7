package dev.cortado.cri.image.snapshot;

import dev.cortado.cri.image.reference.Digest;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A committed snapshot: the unpacked layer whose chain id is {@code chainId}, in {@code dir/fs}.
 *
 * @param number the short directory name
 */
public record Snapshot(Digest chainId, long number, Path dir) {
    /** Requires a chain id and directory. */
    public Snapshot {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(dir, "dir");
    }

    /** The layer's files, a {@code lowerdir} entry of overlay mounts. */
    public Path fs() {
        return dir.resolve("fs");
    }
}
