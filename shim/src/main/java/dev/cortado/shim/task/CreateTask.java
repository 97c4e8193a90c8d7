package dev.cortado.shim.task;

import dev.cortado.shim.io.StdioPaths;
import java.nio.file.Path;
import java.util.List;

/** A Create request in our terms: which task, its bundle, the rootfs mounts and stdio. */
public record CreateTask(TaskKey key, Path bundle, List<RootfsMount> rootfs, StdioPaths stdio) {
    /** Copies the mounts. */
    public CreateTask {
        rootfs = List.copyOf(rootfs);
    }
}
