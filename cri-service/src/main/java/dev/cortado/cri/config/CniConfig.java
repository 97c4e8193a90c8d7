package dev.cortado.cri.config;

import java.util.List;

/**
 * Where pod networking comes from: CNI network configs and plugin binaries.
 *
 * @param confDir directory of {@code .conf}/{@code .conflist}/{@code .json} network configs
 * @param binDirs directories searched, in order, for plugin binaries (Debian installs them in
 *     {@code /usr/lib/cni})
 */
public record CniConfig(String confDir, List<String> binDirs) {

    public CniConfig {
        CortadoConfig.requireAbsolute("cni.conf_dir", confDir);
        binDirs = List.copyOf(binDirs);
        for (String dir : binDirs) {
            CortadoConfig.requireAbsolute("cni.bin_dirs", dir);
        }
    }

    public static CniConfig defaults() {
        return new CniConfig("/etc/cni/net.d", List.of("/opt/cni/bin", "/usr/lib/cni"));
    }
}
