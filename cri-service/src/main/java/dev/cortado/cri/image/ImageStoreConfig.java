package dev.cortado.cri.image;

import dev.cortado.cri.image.unpack.UnpackLimits;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Image store settings; every field has a default in {@link #defaults()}, bound later from TOML.
 *
 * @param root state root ({@code /var/lib/cortado}): {@code content/}, {@code snapshots/}, {@code images/}
 * @param maxConcurrentDownloads layers fetched and unpacked at once per node (containerd: 3)
 * @param maxConfigBytes image configs larger than this are refused (containerd's importer: 20 MiB)
 * @param maxLayers manifests with more layers are refused (overlayfs stacks at most ~128 lowers here)
 * @param pinnedImages references flagged {@code pinned} (the sandbox image), never garbage collected
 * @param privilegedUnpack keep owners and create devices; true when running as root without a userns
 */
public record ImageStoreConfig(
        Path root,
        int maxConcurrentDownloads,
        long maxConfigBytes,
        int maxLayers,
        UnpackLimits unpackLimits,
        Set<String> pinnedImages,
        boolean privilegedUnpack) {
    /** Validates limits and copies the pinned set. */
    public ImageStoreConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(unpackLimits, "unpackLimits");
        pinnedImages = Set.copyOf(pinnedImages);
        if (maxConcurrentDownloads < 1 || maxConfigBytes < 1024 || maxLayers < 1) {
            throw new IllegalArgumentException(
                    "maxConcurrentDownloads >= 1, maxConfigBytes >= 1024, maxLayers >= 1 required");
        }
    }

    /** Defaults under {@code root}. */
    public static ImageStoreConfig defaults(Path root) {
        return new ImageStoreConfig(
                root,
                3,
                20L << 20,
                127,
                UnpackLimits.defaults(),
                Set.of(),
                "root".equals(System.getProperty("user.name")));
    }

    /** The defaults under {@code /var/lib/cortado}. */
    public static ImageStoreConfig defaults() {
        return defaults(Path.of("/var/lib/cortado"));
    }

    /** A copy with other pinned references. */
    public ImageStoreConfig withPinnedImages(Set<String> pinned) {
        return new ImageStoreConfig(
                root, maxConcurrentDownloads, maxConfigBytes, maxLayers, unpackLimits, pinned, privilegedUnpack);
    }
}
