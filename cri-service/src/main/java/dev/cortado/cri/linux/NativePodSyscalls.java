package dev.cortado.cri.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import dev.cortado.cri.sandbox.PodSyscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@link PodSyscalls} through glibc. */
public final class NativePodSyscalls implements PodSyscalls {
    private static final int EINVAL = 22;
    private static final int ENOENT = 2;
    private static final int ESRCH = 3;
    private static final int IFF_UP = 0x1;

    private final Libc libc;

    /** Binds glibc. */
    public NativePodSyscalls() {
        this(Native.load("c", Libc.class));
    }

    NativePodSyscalls(Libc libc) {
        this.libc = libc;
    }

    @Override
    public void unshare(int flags) throws IOException {
        try {
            libc.unshare(flags);
        } catch (LastErrorException e) {
            throw failure("unshare 0x" + Integer.toHexString(flags), e);
        }
    }

    @Override
    public void bindMount(Path source, Path target) throws IOException {
        try {
            libc.mount(source.toString(), target.toString(), null, Libc.MS_BIND, null);
        } catch (LastErrorException e) {
            throw failure("bind mount " + source + " on " + target, e);
        }
    }

    @Override
    public void mountTmpfs(Path target, String data) throws IOException {
        try {
            libc.mount("shm", target.toString(), "tmpfs", Libc.MS_NOSUID | Libc.MS_NODEV | Libc.MS_NOEXEC, data);
        } catch (LastErrorException e) {
            throw failure("mount tmpfs (" + data + ") on " + target, e);
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
            throw failure("umount " + target, e);
        }
    }

    @Override
    public void setHostname(String hostname) throws IOException {
        byte[] name = hostname.getBytes(StandardCharsets.UTF_8);
        try {
            libc.sethostname(name, name.length);
        } catch (LastErrorException e) {
            throw failure("sethostname " + hostname, e);
        }
    }

    @Override
    public boolean kill(long pid, int signal) throws IOException {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            throw new IOException("refusing to signal pid " + pid);
        }
        try {
            libc.kill((int) pid, signal);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ESRCH) {
                return false;
            }
            throw failure("kill " + pid, e);
        }
    }

    @Override
    public void setLoopbackUp() throws IOException {
        int fd;
        try {
            fd = libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw failure("socket for lo", e);
        }
        try {
            // struct ifreq: char ifr_name[16], then ifr_flags (a short, little-endian on x86-64/arm64)
            byte[] ifreq = new byte[40];
            ifreq[0] = 'l';
            ifreq[1] = 'o';
            libc.ioctl(fd, Libc.SIOCGIFFLAGS, ifreq);
            ifreq[16] |= IFF_UP;
            libc.ioctl(fd, Libc.SIOCSIFFLAGS, ifreq);
        } catch (LastErrorException e) {
            throw failure("set lo up", e);
        } finally {
            libc.close(fd);
        }
    }

    private static IOException failure(String call, LastErrorException e) {
        return new IOException(call + " failed: errno " + e.getErrorCode() + " " + e.getMessage(), e);
    }
}
