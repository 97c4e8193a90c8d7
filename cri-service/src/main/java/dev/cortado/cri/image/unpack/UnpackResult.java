package dev.cortado.cri.image.unpack;

import dev.cortado.cri.image.reference.Digest;
import java.util.Objects;

/**
 * What one layer unpack produced.
 *
 * @param diffId the sha256 of the uncompressed tar, to compare with the config's {@code rootfs.diff_ids}
 */
public record UnpackResult(Digest diffId, long entries, long bytes) {
    /** Requires a digest. */
    public UnpackResult {
        Objects.requireNonNull(diffId, "diffId");
    }
}
