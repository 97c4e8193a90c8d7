package dev.cortado.cri.runtime;

import dev.cortado.errors.CortadoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * containerd's rule from runtime type to shim binary ({@code pkg/shim/util.go BinaryName}):
 * split the type on dots and take the last two parts, {@code io.containerd.runc.v2} ->
 * {@code containerd-shim-runc-v2}. A {@code runtime_path} overrides it; a bare name is looked up
 * in {@code PATH}.
 */
public final class ShimBinary {
    private ShimBinary() {}

    /** The binary name for a runtime type; INVALID_ARGUMENT for a type without two dotted parts. */
    public static String nameOf(String runtimeType) {
        String[] parts = runtimeType == null ? new String[0] : runtimeType.split("\\.", -1);
        if (parts.length < 2
                || parts[0].isEmpty()
                || parts[parts.length - 2].isEmpty()
                || parts[parts.length - 1].isEmpty()) {
            throw CortadoException.invalidArgument(
                    "runtime type \"%s\" is not of the form <prefix>.<name>.<version> (e.g. io.containerd.runc.v2)",
                    runtimeType);
        }
        return "containerd-shim-" + parts[parts.length - 2] + "-" + parts[parts.length - 1];
    }

    /**
     * The executable for a handler: {@code runtimePath} when given (absolute), else the binary of
     * {@code runtimeType} in {@code searchPath} (a PATH value). FAILED_PRECONDITION when missing.
     */
    public static Path resolve(String runtimeType, Optional<String> runtimePath, String searchPath) {
        if (runtimePath.isPresent()) {
            Path path = Path.of(runtimePath.get());
            if (!Files.isExecutable(path)) {
                throw CortadoException.failedPrecondition(
                        "shim binary %s (runtime_path of %s) is not executable", path, runtimeType);
            }
            return path;
        }
        String name = nameOf(runtimeType);
        for (String dir : searchPath.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        throw CortadoException.failedPrecondition(
                "shim binary %s for runtime type %s not found in PATH %s", name, runtimeType, searchPath);
    }
}
