package dev.cortado.cri.image.unpack;

/**
 * Caps that stop decompression and inode bombs: containerd has none and relies on the disk
 * filling up (research/reliability.md B5 d, g).
 *
 * <p>"Unpacked bytes" of a layer are the larger of its uncompressed tar stream and the file
 * content written from it (a sparse tar entry writes more than the stream holds).
 *
 * @param maxEntries tar entries per layer
 * @param maxBytes unpacked bytes per layer
 * @param maxPathLength characters of an entry name or link target
 * @param maxImageBytes unpacked bytes of all the layers one pull unpacks
 * @param maxRatio unpacked bytes per compressed byte of a layer, enforced once the layer has
 *        unpacked more than {@code ratioMinBytes}
 * @param ratioMinBytes unpacked bytes below which a layer may expand at any ratio
 */
public record UnpackLimits(
        long maxEntries, long maxBytes, int maxPathLength, long maxImageBytes, long maxRatio, long ratioMinBytes) {
    /** Requires positive values. */
    public UnpackLimits {
        if (maxEntries < 1
                || maxBytes < 1
                || maxPathLength < 1
                || maxImageBytes < 1
                || maxRatio < 1
                || ratioMinBytes < 0) {
            throw new IllegalArgumentException("unpack limits must be positive");
        }
    }

    /** Limits on entries, layer bytes and paths, with the default image and ratio limits. */
    public UnpackLimits(long maxEntries, long maxBytes, int maxPathLength) {
        this(
                maxEntries,
                maxBytes,
                maxPathLength,
                defaults().maxImageBytes,
                defaults().maxRatio,
                defaults().ratioMinBytes);
    }

    /**
     * One million entries, 64 GiB per layer, 256 GiB per image, 4096-character paths, and at most
     * 100 times the compressed size once a layer passes 1 GiB.
     *
     * <p>Why these: the largest public images (CUDA and ML stacks) unpack to a few tens of GiB,
     * with single layers up to ~20 GiB, so 64/256 GiB leave room for 100+ GiB images. Real layers
     * expand 2-10 times (text-heavy ones 30-50); gzip cannot exceed ~1030, which a bomb of zeros
     * reaches. Files of zeros (a {@code lastlog} of a user with a huge uid, preallocated files)
     * also compress ~1000 times, hence the 1 GiB floor below which any ratio passes: such a file
     * up to 1 GiB (uids up to ~3.6 million) still unpacks, and a bomb is stopped after 1 GiB.
     */
    public static UnpackLimits defaults() {
        return new UnpackLimits(1_000_000, 64L << 30, 4096, 256L << 30, 100, 1L << 30);
    }
}
