package dev.cortado.cri.image.unpack;

/**
 * Caps that stop decompression and inode bombs: containerd has none and relies on the disk
 * filling up (research/reliability.md B5 d, g).
 *
 * @param maxEntries tar entries per layer
 * @param maxBytes bytes of file content per layer
 * @param maxPathLength characters of an entry name or link target
 */
public record UnpackLimits(long maxEntries, long maxBytes, int maxPathLength) {
    /** Requires positive values. */
    public UnpackLimits {
        if (maxEntries < 1 || maxBytes < 1 || maxPathLength < 1) {
            throw new IllegalArgumentException("unpack limits must be positive");
        }
    }

    /** One million entries, 64 GiB and 4096-character paths. */
    public static UnpackLimits defaults() {
        return new UnpackLimits(1_000_000, 64L << 30, 4096);
    }
}
