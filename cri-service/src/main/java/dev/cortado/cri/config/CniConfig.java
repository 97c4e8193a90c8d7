package dev.cortado.cri.config;

import dev.cortado.errors.CortadoException;
import java.util.List;

/**
 * Where pod networking comes from: CNI network configs and plugin binaries.
 *
 * @param confDir directory of {@code .conf}/{@code .conflist}/{@code .json} network configs
 * @param binDirs directories searched, in order, for plugin binaries (Debian installs them in
 *     {@code /usr/lib/cni})
 * @param confTemplate containerd's {@code conf_template}: a Go-template network config written into
 *     {@code confDir} with the pod CIDR from UpdateRuntimeConfig while {@code confDir} has no config;
 *     empty for none
 * @param pluginTimeoutSeconds how long one plugin execution may take before it is killed
 * @param cacheDir where each pod's network config and ADD result are kept for its DEL (libcni's
 *     {@code /var/lib/cni/results}); empty means {@code <root>/cni/results}. Persistent, because IP
 *     allocations outlive a reboot
 */
public record CniConfig(
        String confDir, List<String> binDirs, String confTemplate, int pluginTimeoutSeconds, String cacheDir) {

    public CniConfig {
        CortadoConfig.requireAbsolute("cni.conf_dir", confDir);
        binDirs = List.copyOf(binDirs);
        for (String dir : binDirs) {
            CortadoConfig.requireAbsolute("cni.bin_dirs", dir);
        }
        confTemplate = confTemplate == null ? "" : confTemplate;
        if (!confTemplate.isEmpty()) {
            CortadoConfig.requireAbsolute("cni.conf_template", confTemplate);
        }
        if (pluginTimeoutSeconds < 1 || pluginTimeoutSeconds > 3600) {
            throw CortadoException.invalidArgument(
                    "config key cni.plugin_timeout_seconds must be between 1 and 3600, got %d", pluginTimeoutSeconds);
        }
        cacheDir = cacheDir == null ? "" : cacheDir;
        if (!cacheDir.isEmpty()) {
            CortadoConfig.requireAbsolute("cni.cache_dir", cacheDir);
        }
    }

    /** Only the directories; everything else at its default. */
    public CniConfig(String confDir, List<String> binDirs) {
        this(confDir, binDirs, "", defaults().pluginTimeoutSeconds(), "");
    }

    public static CniConfig defaults() {
        return new CniConfig("/etc/cni/net.d", List.of("/opt/cni/bin", "/usr/lib/cni"), "", 60, "");
    }
}
