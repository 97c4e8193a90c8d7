package dev.cortado.cri.network;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether pod networking can work: a valid CNI network config is present and every
 * plugin of its chain is an executable in one of the bin dirs. Nothing is cached: every call
 * looks at the conf dir again (about 0.3 ms here, see NetworkReadinessTest), so NetworkReady
 * follows the dir live without a watcher thread or a cache that can go stale.
 */
public final class NetworkReadiness {
    private final Path confDir;
    private final PluginDirs binDirs;
    private final CniConfigLoader loader;

    public NetworkReadiness(Path confDir, List<Path> binDirs, CniConfigLoader loader) {
        this.confDir = confDir;
        this.binDirs = new PluginDirs(binDirs);
        this.loader = loader;
    }

    /** Ready or not (with why not, for people) and, when found, the network it is based on. */
    public record Status(boolean ready, String message, Optional<CniNetwork> network) {}

    public Status check() {
        CniConfigLoader.Result result = loader.load(confDir);
        if (result.network().isEmpty()) {
            return new Status(
                    false, "cni config load failed: " + String.join("; ", result.problems()), Optional.empty());
        }
        CniNetwork network = result.network().get();
        List<String> missing = new ArrayList<>();
        for (String type : network.pluginTypes()) {
            if (findPlugin(type).isEmpty()) {
                missing.add(type);
            }
        }
        if (!missing.isEmpty()) {
            return new Status(
                    false,
                    "cni plugin(s) " + missing + " of network \"" + network.name() + "\" (" + network.source()
                            + ") not found in " + binDirs,
                    result.network());
        }
        return new Status(true, "", result.network());
    }

    /** The plugin executable for a type, searched in bin-dir order. */
    public Optional<Path> findPlugin(String type) {
        return binDirs.find(type);
    }
}
