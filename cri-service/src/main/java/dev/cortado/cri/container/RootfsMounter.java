package dev.cortado.cri.container;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Mounts a container's overlay rootfs at {@code <bundle>/rootfs} (house rule 5: the syscalls
 * behind one interface): cortado mounts it itself, so the image's {@code /etc/passwd} and its
 * volumes' content can be read from the merged view before the shim's Create, which then gets
 * no rootfs mounts. The JNA implementation is {@code cri.linux.NativeRootfsMounter}.
 */
public interface RootfsMounter {
    /** {@code mount("overlay", target, "overlay", 0, options)}. */
    void mountOverlay(Path target, String options) throws IOException;

    /**
     * {@code umount2(target, MNT_DETACH)}; false when nothing is mounted there or the path is
     * gone (EINVAL, ENOENT), so cleanup can be repeated.
     */
    boolean unmount(Path target) throws IOException;
}
