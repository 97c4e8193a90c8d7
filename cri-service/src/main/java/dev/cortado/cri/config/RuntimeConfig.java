package dev.cortado.cri.config;

import dev.cortado.errors.CortadoException;
import java.util.List;

/**
 * How containers are run.
 *
 * @param defaultHandler the runtime handler used when a pod names none
 * @param shim the shim binary: a name looked up in PATH or an absolute path
 * @param cgroupDriver {@code cgroupfs} or {@code systemd} (must match kubelet's)
 */
public record RuntimeConfig(String defaultHandler, String shim, String cgroupDriver) {
    private static final List<String> DRIVERS = List.of("cgroupfs", "systemd");

    public RuntimeConfig {
        if (defaultHandler == null || defaultHandler.isBlank()) {
            throw CortadoException.invalidArgument("config key runtime.default_handler must not be empty");
        }
        if (shim == null || shim.isBlank()) {
            throw CortadoException.invalidArgument("config key runtime.shim must not be empty");
        }
        if (!DRIVERS.contains(cgroupDriver)) {
            throw CortadoException.invalidArgument("config key runtime.cgroup_driver must be one of %s, got \"%s\"",
                    DRIVERS, cgroupDriver);
        }
    }

    public static RuntimeConfig defaults() {
        return new RuntimeConfig("cortado", "containerd-shim-cortado-v2", "cgroupfs");
    }
}
