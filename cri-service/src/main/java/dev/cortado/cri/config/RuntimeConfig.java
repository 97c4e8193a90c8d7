package dev.cortado.cri.config;

import dev.cortado.errors.CortadoException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How containers are run.
 *
 * @param defaultHandler the runtime handler used when a pod names none; must be in {@code handlers}
 * @param cgroupDriver {@code cgroupfs} or {@code systemd} (must match kubelet's)
 * @param handlers {@code [runtime.handlers.NAME]}: RuntimeClass handler name to shim; the file's
 *     sections are added to the default {@code cortado} handler
 */
public record RuntimeConfig(String defaultHandler, String cgroupDriver, Map<String, RuntimeHandlerConfig> handlers) {
    private static final List<String> DRIVERS = List.of("cgroupfs", "systemd");
    /** RuntimeClass handlers are DNS labels (Kubernetes validates RuntimeClass.handler so). */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public RuntimeConfig {
        if (defaultHandler == null || defaultHandler.isBlank()) {
            throw CortadoException.invalidArgument("config key runtime.default_handler must not be empty");
        }
        if (!DRIVERS.contains(cgroupDriver)) {
            throw CortadoException.invalidArgument(
                    "config key runtime.cgroup_driver must be one of %s, got \"%s\"", DRIVERS, cgroupDriver);
        }
        handlers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(handlers == null ? Map.of() : handlers));
        for (Map.Entry<String, RuntimeHandlerConfig> h : handlers.entrySet()) {
            if (!NAME.matcher(h.getKey()).matches()) {
                throw CortadoException.invalidArgument(
                        "runtime handler name \"%s\" (runtime.handlers) must be a DNS"
                                + " label: lower case letters, digits and '-', at most 63",
                        h.getKey());
            }
            if (h.getValue() == null) {
                throw CortadoException.invalidArgument("runtime handler %s has no settings", h.getKey());
            }
        }
        if (!handlers.containsKey(defaultHandler)) {
            throw CortadoException.invalidArgument(
                    "config key runtime.default_handler names \"%s\", which is not" + " among runtime.handlers %s",
                    defaultHandler, handlers.keySet());
        }
    }

    /** The default handler's settings. */
    public RuntimeHandlerConfig defaultHandlerConfig() {
        return handlers.get(defaultHandler);
    }

    public static RuntimeConfig defaults() {
        return new RuntimeConfig("cortado", "cgroupfs", Map.of("cortado", RuntimeHandlerConfig.cortado()));
    }
}
