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
 * @param maxLayerUnpackedBytes a layer that unpacks to more is stopped and discarded (64 GiB)
 * @param maxImageUnpackedBytes a pull whose layers unpack to more is stopped (256 GiB)
 * @param maxExpansionRatio a layer that unpacks to more than this many times its compressed size
 *        is stopped once past {@code expansionRatioMinBytes} (100; gzip's own maximum is ~1030)
 * @param expansionRatioMinBytes unpacked bytes below which a layer may expand at any ratio (1 GiB),
 *        so that files of zeros such as a big {@code lastlog} still unpack; the reasons for these
 *        defaults are on {@code UnpackLimits.defaults()}
 */
public record ImageConfig(
        int maxConcurrentDownloads,
        long maxConfigBytes,
        int maxLayers,
        List<String> pinnedImages,
        long maxLayerUnpackedBytes,
        long maxImageUnpackedBytes,
        long maxExpansionRatio,
        long expansionRatioMinBytes) {

    public ImageConfig {
        if (maxConcurrentDownloads < 1 || maxConfigBytes < 1024 || maxLayers < 1) {
            throw CortadoException.invalidArgument(
                    "config keys image.max_concurrent_downloads (>= 1), image.max_config_bytes (>= 1024) and"
                            + " image.max_layers (>= 1) are out of range: %d, %d, %d",
                    maxConcurrentDownloads, maxConfigBytes, maxLayers);
        }
        if (maxLayerUnpackedBytes < 1
                || maxImageUnpackedBytes < 1
                || maxExpansionRatio < 1
                || expansionRatioMinBytes < 0) {
            throw CortadoException.invalidArgument(
                    "config keys image.max_layer_unpacked_bytes, image.max_image_unpacked_bytes,"
                            + " image.max_expansion_ratio (>= 1) and image.expansion_ratio_min_bytes (>= 0) are out of"
                            + " range: %d, %d, %d, %d",
                    maxLayerUnpackedBytes, maxImageUnpackedBytes, maxExpansionRatio, expansionRatioMinBytes);
        }
        pinnedImages = List.copyOf(pinnedImages);
    }

    public static ImageConfig defaults() {
        return new ImageConfig(3, 20L << 20, 127, List.of(), 64L << 30, 256L << 30, 100, 1L << 30);
    }
}
