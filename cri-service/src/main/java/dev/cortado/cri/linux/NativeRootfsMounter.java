package dev.cortado.cri.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import dev.cortado.cri.container.RootfsMounter;
import java.io.IOException;
import java.nio.file.Path;

/** {@link RootfsMounter} through glibc: an overlay mount and a lazy unmount. */
public final class NativeRootfsMounter implements RootfsMounter {
    private static final int EINVAL = 22;
    private static final int ENOENT = 2;

    private final Libc libc;

    /** Binds glibc. */
    public NativeRootfsMounter() {
        this(Native.load("c", Libc.class));
    }

    NativeRootfsMounter(Libc libc) {
        this.libc = libc;
    }

    @Override
    public void mountOverlay(Path target, String options) throws IOException {
        try {
            libc.mount("overlay", target.toString(), "overlay", 0, options);
        } catch (LastErrorException e) {
            throw new IOException(
                    "mount overlay on " + target + " failed: errno " + e.getErrorCode() + " " + e.getMessage(), e);
        }
    }

    @Override
    public boolean unmount(Path target) throws IOException {
        try {
            libc.umount2(target.toString(), Libc.MNT_DETACH);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EINVAL || e.getErrorCode() == ENOENT) {
                return false;
            }
            throw new IOException("umount " + target + " failed: errno " + e.getErrorCode() + " " + e.getMessage(), e);
        }
    }
}
