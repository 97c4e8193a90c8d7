package dev.cortado.cri.runtime;

import dev.cortado.errors.CortadoException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A task to create: the bundle (holding {@code config.json}), the rootfs mounts (none when the
 * bundle's {@code rootfs} is ready), stdio, and the runtime options.
 */
public record CreateTask(String id, Path bundle, List<RootfsMount> rootfs, Stdio stdio, Optional<TypedValue> options) {
    public CreateTask {
        if (id == null || id.isEmpty()) {
            throw CortadoException.invalidArgument("a task needs an id");
        }
        Objects.requireNonNull(bundle, "bundle");
        rootfs = List.copyOf(rootfs);
        Objects.requireNonNull(stdio, "stdio");
        Objects.requireNonNull(options, "options");
    }
}
