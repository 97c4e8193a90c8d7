package dev.cortado.cri.status;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks that the shim binary that runs containers can be found: an absolute path as given, or
 * a name looked up in the daemon's PATH, the way containerd finds {@code containerd-shim-*}.
 */
public final class ShimBinaryCheck implements ReadinessCheck {
    private final String shim;
    private final String searchPath;

    public ShimBinaryCheck(String shim, String searchPath) {
        this.shim = shim;
        this.searchPath = searchPath == null ? "" : searchPath;
    }

    @Override
    public String name() {
        return "shim";
    }

    @Override
    public Optional<Failure> check() {
        return resolve().isPresent()
                ? Optional.empty()
                : Optional.of(new Failure(
                        "ShimNotFound",
                        Path.of(shim).isAbsolute()
                                ? "shim binary " + shim + " does not exist or is not executable"
                                : "shim binary " + shim + " not found in PATH " + searchPath));
    }

    /** The executable the shim name resolves to, if any. */
    public Optional<Path> resolve() {
        if (Path.of(shim).isAbsolute()) {
            return executable(Path.of(shim));
        }
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Optional<Path> found = executable(Path.of(dir, shim));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> executable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
}
