package dev.cortado.cri.config;

import dev.cortado.errors.CortadoException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The whole daemon configuration: every key has a default ({@link #defaults()}), so cortado
 * runs with no config file at all, and a file only names what it changes.
 *
 * @param root persistent state (images, snapshots, metadata), like containerd's root
 * @param state volatile state wiped by a reboot (sockets, pinned namespaces, task state)
 */
public record CortadoConfig(
        String root,
        String state,
        GrpcConfig grpc,
        LogConfig log,
        CniConfig cni,
        RuntimeConfig runtime,
        ImageConfig image,
        RegistryConfigSection registry,
        StreamingSection streaming,
        MetricsSection metrics) {

    public CortadoConfig {
        requireAbsolute("root", root);
        requireAbsolute("state", state);
        Objects.requireNonNull(grpc, "grpc");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(cni, "cni");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(streaming, "streaming");
        Objects.requireNonNull(metrics, "metrics");
    }

    /** The embedded defaults, matching the paths in DESIGN.md. */
    public static CortadoConfig defaults() {
        return new CortadoConfig(
                "/var/lib/cortado",
                "/run/cortado",
                GrpcConfig.defaults(),
                LogConfig.defaults(),
                CniConfig.defaults(),
                RuntimeConfig.defaults(),
                ImageConfig.defaults(),
                RegistryConfigSection.defaults(),
                StreamingSection.defaults(),
                MetricsSection.defaults());
    }

    /** This config with every secret replaced, safe to show in status output or logs. */
    public CortadoConfig redacted() {
        return new CortadoConfig(root, state, grpc, log, cni, runtime, image, registry.redacted(), streaming, metrics);
    }

    /** Rejects a relative path with a message naming the key. */
    static void requireAbsolute(String key, String path) {
        if (path == null || path.isBlank() || !Path.of(path).isAbsolute()) {
            throw CortadoException.invalidArgument(
                    "config key %s must be an absolute path, got %s",
                    key, path == null ? "nothing" : "\"" + path + "\"");
        }
    }
}
