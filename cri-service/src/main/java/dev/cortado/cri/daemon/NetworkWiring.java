package dev.cortado.cri.daemon;

import dev.cortado.cri.config.CniConfig;
import dev.cortado.cri.config.CortadoConfig;
import dev.cortado.cri.network.CniPodNetwork;
import dev.cortado.cri.network.CniSettings;
import dev.cortado.cri.network.ProcessPluginExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Builds pod networking from the config's {@code [cni]} table. */
final class NetworkWiring {
    private NetworkWiring() {}

    /** The node's {@code PodNetwork}: real plugins, run as processes. */
    static CniPodNetwork podNetwork(CortadoConfig config) {
        return new CniPodNetwork(settings(config), new ProcessPluginExecutor());
    }

    static CniSettings settings(CortadoConfig config) {
        CniConfig cni = config.cni();
        Path cacheDir = cni.cacheDir().isEmpty() ? Path.of(config.root(), "cni", "results") : Path.of(cni.cacheDir());
        return new CniSettings(
                Path.of(cni.confDir()),
                cni.binDirs().stream().map(Path::of).toList(),
                Duration.ofSeconds(cni.pluginTimeoutSeconds()),
                cacheDir,
                cni.confTemplate().isEmpty() ? Optional.empty() : Optional.of(Path.of(cni.confTemplate())));
    }
}
