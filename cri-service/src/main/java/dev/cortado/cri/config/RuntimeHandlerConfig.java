package dev.cortado.cri.config;

import dev.cortado.errors.CortadoException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One {@code [runtime.handlers.NAME]} section, as containerd's {@code containerd.runtimes.NAME}.
 *
 * @param runtimeType the shim's runtime type, e.g. {@code io.containerd.cortado.v2} (binary
 *     {@code containerd-shim-cortado-v2}) or {@code io.containerd.runc.v2}; default runc's, as containerd
 * @param runtimePath an absolute path to the shim binary; empty (the default) looks the binary up in PATH
 * @param options the handler's options table, passed to the shim as containerd passes it
 */
public record RuntimeHandlerConfig(String runtimeType, String runtimePath, Map<String, Object> options) {
    /** {@code <prefix>.<name>.<version>}: containerd takes the last two parts for the binary name. */
    private static final Pattern TYPE = Pattern.compile("[^.\\s]+(\\.[^.\\s]+)+");

    public RuntimeHandlerConfig {
        runtimeType = runtimeType == null ? "io.containerd.runc.v2" : runtimeType;
        runtimePath = runtimePath == null ? "" : runtimePath;
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
        if (!TYPE.matcher(runtimeType).matches()) {
            throw CortadoException.invalidArgument(
                    "runtime_type \"%s\" is not of the form <prefix>.<name>.<version>"
                            + " (e.g. io.containerd.runc.v2)",
                    runtimeType);
        }
        if (!runtimePath.isEmpty() && !Path.of(runtimePath).isAbsolute()) {
            throw CortadoException.invalidArgument("runtime_path must be an absolute path, got \"%s\"", runtimePath);
        }
    }

    /** Cortado's own shim, the default handler. */
    public static RuntimeHandlerConfig cortado() {
        return new RuntimeHandlerConfig("io.containerd.cortado.v2", "", Map.of());
    }
}
