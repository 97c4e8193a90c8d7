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
 * @param inProcess serve the handler's Task service in cortado's own JVM instead of a shim
 *     server (only for {@value #CORTADO_TYPE}; {@code runtime_path} is then unused); the monitors
 *     keep containers and exit codes across a crash either way (DESIGN "Density")
 */
public record RuntimeHandlerConfig(
        String runtimeType, String runtimePath, Map<String, Object> options, boolean inProcess) {
    /** Cortado's own shim's runtime type. */
    public static final String CORTADO_TYPE = "io.containerd.cortado.v2";

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
        if (inProcess && !runtimeType.equals(CORTADO_TYPE)) {
            throw CortadoException.invalidArgument(
                    "in_process = true needs runtime_type \"%s\" (cortado serves only its own tasks), got \"%s\"",
                    CORTADO_TYPE, runtimeType);
        }
    }

    /** A handler through its shim (not in process). */
    public RuntimeHandlerConfig(String runtimeType, String runtimePath, Map<String, Object> options) {
        this(runtimeType, runtimePath, options, false);
    }

    /** Cortado's own handler, the default: in process unless configured otherwise. */
    public static RuntimeHandlerConfig cortado() {
        return new RuntimeHandlerConfig(CORTADO_TYPE, "", Map.of(), IN_PROCESS_BY_DEFAULT);
    }

    /** Whether the default handler runs in process (measured: see cri-service/README.md). */
    static final boolean IN_PROCESS_BY_DEFAULT = true;
}
