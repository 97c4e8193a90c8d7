package dev.cortado.cri.network;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link CniPodNetwork} finds and runs CNI.
 *
 * @param confDir the network config directory, read again for every ADD (the first config in it wins)
 * @param binDirs plugin binary directories, searched in order
 * @param pluginTimeout the longest one plugin execution may take
 * @param cacheDir where each pod's config and ADD result are kept for its DEL
 * @param confTemplate containerd's {@code conf_template}, if configured
 */
public record CniSettings(
        Path confDir, List<Path> binDirs, Duration pluginTimeout, Path cacheDir, Optional<Path> confTemplate) {
    public CniSettings {
        Objects.requireNonNull(confDir, "confDir");
        binDirs = List.copyOf(binDirs);
        Objects.requireNonNull(pluginTimeout, "pluginTimeout");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(confTemplate, "confTemplate");
    }
}
