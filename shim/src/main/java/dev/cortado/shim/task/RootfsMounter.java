package dev.cortado.shim.task;

import java.nio.file.Path;
import java.util.List;

/** Mounts the rootfs mounts of a Create request onto {@code <bundle>/rootfs} and removes them. */
public interface RootfsMounter {

    /** Mounts each mount, in order, on {@code target}. */
    void mount(List<RootfsMount> mounts, Path target);

    /** Unmounts {@code target} recursively; a target that is not mounted is not an error. */
    void unmount(Path target);
}
