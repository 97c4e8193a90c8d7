package dev.cortado.cri.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import dev.cortado.cri.image.unpack.FsOps;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@link FsOps} through glibc: {@code mknod(2)}, {@code lsetxattr(2)} and {@code utimensat(2)}
 * with {@code AT_SYMLINK_NOFOLLOW}, none of which opens the node, so a fifo never blocks and a
 * device never sees an open, and none follows a final symlink (CVE-2021-32760).
 */
public final class NativeFsOps implements FsOps {
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;
    /** Owner-only until the unpacker applies the entry's own mode. */
    private static final int INITIAL_MODE = 0600;

    private final Libc libc;

    /** Binds glibc. */
    public NativeFsOps() {
        this(Native.load("c", Libc.class));
    }

    NativeFsOps(Libc libc) {
        this.libc = libc;
    }

    @Override
    public void mknod(Path path, char type, int major, int minor) throws IOException {
        int kind = switch (type) {
            case 'c' -> S_IFCHR;
            case 'b' -> S_IFBLK;
            case 'p' -> S_IFIFO;
            default -> throw new IllegalArgumentException("node type must be c, b or p, not " + type);
        };
        try {
            libc.mknod(path.toString(), kind | INITIAL_MODE, type == 'p' ? 0 : makedev(major, minor));
        } catch (LastErrorException e) {
            throw failure("mknod " + type + " " + major + ":" + minor, path, e);
        }
    }

    @Override
    public void setXattr(Path path, String name, byte[] value) throws IOException {
        try {
            libc.lsetxattr(path.toString(), name, value, value.length, 0);
        } catch (LastErrorException e) {
            throw failure("lsetxattr " + name, path, e);
        }
    }

    @Override
    public void setNodeTime(Path path, Instant mtime) throws IOException {
        long[] times = {0, Libc.UTIME_OMIT, mtime.getEpochSecond(), mtime.getNano()};
        try {
            libc.utimensat(Libc.AT_FDCWD, path.toString(), times, Libc.AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw failure("utimensat", path, e);
        }
    }

    /** glibc's {@code gnu_dev_makedev}: 12 bits of major and 20 of minor, split around each other. */
    static long makedev(int major, int minor) {
        long maj = major & 0xffffffffL;
        long min = minor & 0xffffffffL;
        return ((maj & 0xfffff000L) << 32)
                | ((maj & 0x00000fffL) << 8)
                | ((min & 0xffffff00L) << 12)
                | (min & 0x000000ffL);
    }

    private static IOException failure(String call, Path path, LastErrorException e) {
        return new IOException(call + " on " + path + " failed: errno " + e.getErrorCode() + " " + e.getMessage(), e);
    }
}
