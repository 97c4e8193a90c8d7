package dev.cortado.cri.runtime;

import dev.cortado.errors.CortadoException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A task to create: the bundle (holding {@code config.json}), the rootfs mounts (none when the
 * bundle's {@code rootfs} is ready), stdio, the runtime options, and, for a restore, the CRIU
 * images to restore from (the Task API's {@code checkpoint}: the shim restores at Start, as
 * containerd-shim-runc-v2's {@code runc restore}).
 */
public record CreateTask(
        String id,
        Path bundle,
        List<RootfsMount> rootfs,
        Stdio stdio,
        Optional<TypedValue> options,
        Optional<Path> checkpoint) {
    /** A task started from scratch. */
    public CreateTask(String id, Path bundle, List<RootfsMount> rootfs, Stdio stdio, Optional<TypedValue> options) {
        this(id, bundle, rootfs, stdio, options, Optional.empty());
    }

    public CreateTask {
        if (id == null || id.isEmpty()) {
            throw CortadoException.invalidArgument("a task needs an id");
        }
        Objects.requireNonNull(bundle, "bundle");
        rootfs = List.copyOf(rootfs);
        Objects.requireNonNull(stdio, "stdio");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(checkpoint, "checkpoint");
    }

    /** The same task, restored from the CRIU images in {@code images}. */
    public CreateTask restoredFrom(Path images) {
        return new CreateTask(id, bundle, rootfs, stdio, options, Optional.of(images));
    }
}
