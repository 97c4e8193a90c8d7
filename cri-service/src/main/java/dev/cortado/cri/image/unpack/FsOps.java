package dev.cortado.cri.image.unpack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The filesystem calls the JDK cannot make: device nodes, fifos, xattrs outside {@code user.} and
 * times of nodes that must not be opened; {@code dev.cortado.cri.linux.NativeFsOps} makes them.
 *
 * <p>{@code path} is always already resolved inside the snapshot and never a symlink; the
 * implementations must not follow a final symlink either.
 */
public interface FsOps {
    /** Creates a character ({@code 'c'}), block ({@code 'b'}) device or fifo ({@code 'p'}) node. */
    void mknod(Path path, char type, int major, int minor) throws IOException;

    /** Sets an extended attribute on {@code path} itself. */
    void setXattr(Path path, String name, byte[] value) throws IOException;

    /**
     * Sets the modification time of a device node or fifo without opening it (the JDK opens the
     * node, which blocks on a fifo); the access time is left alone.
     */
    void setNodeTime(Path path, Instant mtime) throws IOException;

    /** Writes an overlayfs whiteout: a character device 0/0 named like the deleted entry. */
    default void whiteout(Path path) throws IOException {
        mknod(path, 'c', 0, 0);
    }

    /** Marks a directory opaque for overlayfs: lower layers' contents are hidden. */
    default void markOpaque(Path dir) throws IOException {
        setXattr(dir, "trusted.overlay.opaque", new byte[] {'y'});
    }
}
