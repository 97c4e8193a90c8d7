package dev.cortado.cri.network;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A loaded CNI network configuration: the file it came from, its name and CNI version, and the
 * plugin types of its chain in order.
 */
public record CniNetwork(Path source, String name, String cniVersion, List<String> pluginTypes, String json) {
    public CniNetwork {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        cniVersion = cniVersion == null ? "" : cniVersion;
        pluginTypes = List.copyOf(pluginTypes);
        Objects.requireNonNull(json, "json");
    }
}
