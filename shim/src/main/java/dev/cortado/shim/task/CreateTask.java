package dev.cortado.shim.task;

import dev.cortado.shim.io.StdioPaths;
import dev.cortado.shim.options.ShimOptions;
import java.nio.file.Path;
import java.util.List;

/** A Create request in our terms: which task, its bundle, the rootfs mounts, stdio and runtime options. */
public record CreateTask(TaskKey key, Path bundle, List<RootfsMount> rootfs, StdioPaths stdio, ShimOptions options) {
    /** Copies the mounts. */
    public CreateTask {
        rootfs = List.copyOf(rootfs);
        options = options == null ? ShimOptions.DEFAULTS : options;
    }

    /** With the default options. */
    public CreateTask(TaskKey key, Path bundle, List<RootfsMount> rootfs, StdioPaths stdio) {
        this(key, bundle, rootfs, stdio, ShimOptions.DEFAULTS);
    }
}
