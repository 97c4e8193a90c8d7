package dev.cortado.shim.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * epoll(7) and inotify(7) for the shim's one event loop. {@code struct epoll_event} is packed
 * (12 bytes) on x86_64 and naturally aligned (16 bytes) elsewhere, as the kernel's uapi says.
 */
final class Epolls {
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int ENOENT = 2;
    private static final int EBADF = 9;
    private static final int EINVAL = 22;
    private static final int IN_NONBLOCK = 04000;
    private static final boolean PACKED = System.getProperty("os.arch").matches("amd64|x86_64");
    static final int EVENT_SIZE = PACKED ? 12 : 16;
    private static final int DATA_OFFSET = PACKED ? 4 : 8;

    private final Libc libc;

    Epolls(Libc libc) {
        this.libc = libc;
    }

    int create() {
        try {
            return libc.epoll_create1(LibcSyscalls.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw LibcSyscalls.failed("epoll_create1", e.getErrorCode());
        }
    }

    /** EPOLL_CTL_ADD (1), DEL (2) or MOD (3); a DEL of an fd already closed or removed is ignored. */
    void control(int epfd, int op, int fd, int events, long data) {
        Memory ev = new Memory(EVENT_SIZE);
        ev.clear();
        ev.setInt(0, events);
        ev.setLong(DATA_OFFSET, data);
        try {
            libc.epoll_ctl(epfd, op, fd, ev);
        } catch (LastErrorException e) {
            if (op == 2 && (e.getErrorCode() == ENOENT || e.getErrorCode() == EBADF || e.getErrorCode() == EINVAL)) {
                return;
            }
            throw LibcSyscalls.failed("epoll_ctl " + op + " fd " + fd, e.getErrorCode());
        }
    }

    int await(int epfd, long[] data, int[] events, int timeoutMillis) {
        int max = Math.min(data.length, events.length);
        Memory buf = new Memory((long) EVENT_SIZE * max);
        int n;
        try {
            n = libc.epoll_wait(epfd, buf, max, timeoutMillis);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EINTR) {
                return 0;
            }
            throw LibcSyscalls.failed("epoll_wait", e.getErrorCode());
        }
        for (int i = 0; i < n; i++) {
            events[i] = buf.getInt((long) i * EVENT_SIZE);
            data[i] = buf.getLong((long) i * EVENT_SIZE + DATA_OFFSET);
        }
        return n;
    }

    int inotifyInit() {
        try {
            return libc.inotify_init1(IN_NONBLOCK | LibcSyscalls.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw LibcSyscalls.failed("inotify_init1", e.getErrorCode());
        }
    }

    int addWatch(int fd, String path, int mask) {
        try {
            return libc.inotify_add_watch(fd, path, mask);
        } catch (LastErrorException e) {
            throw LibcSyscalls.failed("inotify_add_watch " + path, e.getErrorCode());
        }
    }

    void removeWatch(int fd, int wd) {
        try {
            libc.inotify_rm_watch(fd, wd);
        } catch (LastErrorException e) {
            // the watched file is gone, which removed the watch
        }
    }

    /** The watch descriptors of the events waiting on a non-blocking inotify fd (none: empty). */
    int[] readWatches(int fd) {
        byte[] buf = new byte[4096];
        long n;
        try {
            n = libc.read(fd, buf, buf.length);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EAGAIN || e.getErrorCode() == EINTR) {
                return new int[0];
            }
            throw LibcSyscalls.failed("read inotify fd " + fd, e.getErrorCode());
        }
        ByteBuffer b = ByteBuffer.wrap(buf, 0, (int) n).order(ByteOrder.nativeOrder());
        int[] wds = new int[(int) n / 16];
        int count = 0;
        while (b.remaining() >= 16) {
            int wd = b.getInt();
            b.getInt(); // mask
            b.getInt(); // cookie
            int len = b.getInt();
            if (len < 0 || len > b.remaining()) {
                break;
            }
            b.position(b.position() + len);
            wds[count++] = wd;
        }
        return java.util.Arrays.copyOf(wds, count);
    }
}
