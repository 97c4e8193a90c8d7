package dev.cortado.cri.sandbox;

import dev.cortado.errors.CortadoException;
import java.util.Set;
import java.util.TreeSet;

/** The checks RunPodSandbox makes before it touches anything. */
final class PodValidation {
    private PodValidation() {}

    /** The config with its handler resolved and its sysctls normalized, or INVALID_ARGUMENT/UNIMPLEMENTED. */
    static PodConfig validate(PodConfig config, String defaultHandler, Set<String> handlers) {
        String handler = config.runtimeHandler().isEmpty() ? defaultHandler : config.runtimeHandler();
        if (!handlers.contains(handler)) {
            throw CortadoException.invalidArgument(
                    "runtime handler \"%s\" is not configured (configured: %s)", handler, new TreeSet<>(handlers));
        }
        NamespaceOptions ns = config.namespaces();
        requirePodOrNode("network", ns.network());
        requirePodOrNode("ipc", ns.ipc());
        if (ns.pid() == NamespaceMode.TARGET) {
            throw CortadoException.invalidArgument(
                    "pid namespace mode TARGET is for containers (target_id \"%s\"), not for a pod sandbox",
                    ns.targetId());
        }
        switch (ns.userNamespace()) {
            case NODE -> {}
            case POD ->
                throw CortadoException.unimplemented(
                        "user namespaces (userns_options mode POD) are not supported by cortado yet");
            default ->
                throw CortadoException.invalidArgument(
                        "user namespace mode %s is not valid for a pod sandbox: use POD or NODE", ns.userNamespace());
        }
        if (config.hostname().length() > 64 || !config.hostname().matches("[A-Za-z0-9.-]*")) {
            throw CortadoException.invalidArgument(
                    "hostname \"%s\" must be at most 64 letters, digits, dots and dashes", config.hostname());
        }
        if (!config.logDirectory().isEmpty() && !config.logDirectory().startsWith("/")) {
            throw CortadoException.invalidArgument(
                    "log_directory must be an absolute path, got \"%s\"", config.logDirectory());
        }
        BandwidthAnnotations.of(config.annotations()); // a malformed quantity fails here, before any step
        return new PodConfig(
                config.metadata(),
                config.hostname(),
                config.logDirectory(),
                config.dns(),
                config.portMappings(),
                config.labels(),
                config.annotations(),
                config.cgroupParent(),
                ns,
                Sysctls.validate(config.sysctls(), ns),
                handler,
                config.overhead(),
                config.resources());
    }

    private static void requirePodOrNode(String which, NamespaceMode mode) {
        if (mode != NamespaceMode.POD && mode != NamespaceMode.NODE) {
            throw CortadoException.invalidArgument(
                    "%s namespace mode %s is not valid for a pod sandbox: use POD or NODE", which, mode);
        }
    }
}
