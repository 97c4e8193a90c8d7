package dev.cortado.cri.config;

import dev.cortado.errors.CortadoException;
import java.util.List;

/**
 * The image store: how many layers are pulled at once and the limits that keep a hostile image
 * from exhausting the node.
 *
 * @param maxConcurrentDownloads layers downloaded and unpacked at once (containerd: 3)
 * @param maxConfigBytes image configs larger than this are refused
 * @param maxLayers images with more layers are refused (overlayfs stacks about 128 lowers)
 * @param pinnedImages references that are flagged pinned and never garbage collected
 */
public record ImageConfig(int maxConcurrentDownloads, long maxConfigBytes, int maxLayers, List<String> pinnedImages) {

    public ImageConfig {
        if (maxConcurrentDownloads < 1 || maxConfigBytes < 1024 || maxLayers < 1) {
            throw CortadoException.invalidArgument(
                    "config keys image.max_concurrent_downloads (>= 1), image.max_config_bytes (>= 1024) and"
                            + " image.max_layers (>= 1) are out of range: %d, %d, %d",
                    maxConcurrentDownloads, maxConfigBytes, maxLayers);
        }
        pinnedImages = List.copyOf(pinnedImages);
    }

    public static ImageConfig defaults() {
        return new ImageConfig(3, 20L << 20, 127, List.of());
    }
}
