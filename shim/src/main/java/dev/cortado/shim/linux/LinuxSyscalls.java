package dev.cortado.shim.linux;

import java.util.List;
import java.util.Map;

/**
 * The system calls the launcher and the monitor client need, as one interface with a JNA
 * implementation ({@link LibcSyscalls}) and a recording fake in the tests.
 *
 * <p>Failures throw {@link dev.cortado.errors.CortadoException} naming the call and its
 * argument; fds returned are close-on-exec.
 */
public interface LinuxSyscalls {

    /**
     * Starts {@code path} with posix_spawn; {@code fds} maps each child fd to the parent fd it
     * gets, and every other fd is closed in the child. Returns the pid.
     */
    int spawn(String path, List<String> argv, List<String> envp, Map<Integer, Integer> fds);

    /** Waits for the child {@code pid} and returns its raw wait status. */
    int waitPid(int pid);

    /** Creates a pipe and returns {read end, write end}. */
    int[] pipe();

    /** Opens a file with open(2) flags and mode. */
    int open(String path, int flags, int mode);

    /** Reads up to {@code buf.length} bytes; returns 0 at end of file or on a pty hangup (EIO). */
    int read(int fd, byte[] buf);

    /** Writes all of {@code data}. */
    void write(int fd, byte[] data);

    /** Closes an fd, ignoring EBADF. */
    void close(int fd);

    /**
     * Opens a fifo for writing without waiting for a reader; the fd is non-blocking. Returns -1
     * when no reader has the fifo open (ENXIO).
     */
    default int openFifoWriter(String path) {
        throw new dev.cortado.errors.CortadoException(
                dev.cortado.errors.ErrorKind.UNIMPLEMENTED,
                "non-blocking fifos are not implemented by " + getClass().getSimpleName());
    }

    /**
     * Writes at most {@code len} bytes at {@code off} to a non-blocking fd, without waiting:
     * returns how many were written, 0 when the pipe is full (EAGAIN), or -1 when its reader has
     * gone (EPIPE).
     */
    default int writeNonBlocking(int fd, byte[] data, int off, int len) {
        throw new dev.cortado.errors.CortadoException(
                dev.cortado.errors.ErrorKind.UNIMPLEMENTED,
                "non-blocking fifos are not implemented by " + getClass().getSimpleName());
    }

    /**
     * One read(2) of at most {@code buf.length} bytes from a non-blocking fd, without waiting:
     * returns how many were read, 0 at end of file (for a fifo: empty and no writer), or -1 when
     * nothing is there yet (EAGAIN).
     */
    default int readNonBlocking(int fd, byte[] buf) {
        throw new dev.cortado.errors.CortadoException(
                dev.cortado.errors.ErrorKind.UNIMPLEMENTED,
                "non-blocking fifos are not implemented by " + getClass().getSimpleName());
    }

    /** Connects a stream socket to the unix socket at {@code path}. */
    int connectUnix(String path);

    /** Receives one message of at most {@code maxBytes} with up to {@code maxFds} fds. */
    Received receive(int fd, int maxBytes, int maxFds);

    /**
     * Loads a BPF_PROG_TYPE_CGROUP_DEVICE program and attaches it to a cgroup2 directory
     * (BPF_F_ALLOW_MULTI); the attachment lives as long as the cgroup.
     */
    void attachDeviceFilter(java.nio.file.Path cgroupDir, byte[] program);

    /**
     * Copies {@code file} into a memfd sealed against every change (F_SEAL_SEAL, SHRINK, GROW,
     * WRITE) and returns its fd, to exec through {@code /proc/self/fd/N}: a process running
     * from it exposes the copy, not the file, at {@code /proc/PID/exe} (CVE-2019-5736).
     * Implementations that cannot seal must throw rather than return an unsealed file.
     */
    default int sealedCopy(java.nio.file.Path file) {
        throw new dev.cortado.errors.CortadoException(
                dev.cortado.errors.ErrorKind.UNIMPLEMENTED,
                "sealed executable copies are not implemented by " + getClass().getSimpleName());
    }

    /**
     * Reaps {@code pid} if it is a child of this process, waiting for it to exit; returns
     * false at once when it is not (it then belongs to init or another subreaper).
     */
    default boolean reapIfChild(int pid) {
        return false;
    }

    /**
     * Makes this process the reaper of its orphaned descendants (PR_SET_CHILD_SUBREAPER), as
     * containerd shims do; monitors are then re-parented here and {@link #reapIfChild} must
     * reap them, which the monitor client does on delete.
     */
    default void becomeChildSubreaper() {
        throw new dev.cortado.errors.CortadoException(
                dev.cortado.errors.ErrorKind.UNIMPLEMENTED,
                "subreaper is not implemented by " + getClass().getSimpleName());
    }

    /** Sends {@code signal} to {@code pid} with kill(2); returns false when it has exited (ESRCH). */
    default boolean kill(int pid, int signal) {
        throw new dev.cortado.errors.CortadoException(
                dev.cortado.errors.ErrorKind.UNIMPLEMENTED,
                "kill is not implemented by " + getClass().getSimpleName());
    }

    /** Makes a fifo with mkfifo(3) (the umask applies; callers set the mode after). */
    default void mkfifo(String path, int mode) {
        throw new dev.cortado.errors.CortadoException(
                dev.cortado.errors.ErrorKind.UNIMPLEMENTED,
                "mkfifo is not implemented by " + getClass().getSimpleName());
    }

    /** mount(2): {@code flags} are MS_* flags, {@code data} the filesystem's option string (may be empty). */
    default void mount(String source, String target, String fstype, long flags, String data) {
        throw new dev.cortado.errors.CortadoException(
                dev.cortado.errors.ErrorKind.UNIMPLEMENTED,
                "mount is not implemented by " + getClass().getSimpleName());
    }

    /** umount2(2) with {@code flags} (MNT_DETACH ...); returns false when nothing is mounted there (EINVAL). */
    default boolean unmount(String target, int flags) {
        throw new dev.cortado.errors.CortadoException(
                dev.cortado.errors.ErrorKind.UNIMPLEMENTED,
                "umount is not implemented by " + getClass().getSimpleName());
    }

    /** epoll_create1(EPOLL_CLOEXEC): a new epoll instance. */
    default int epollCreate() {
        throw unimplemented("epoll");
    }

    /**
     * epoll_ctl: {@code op} 1 (ADD), 2 (DEL, quiet when the fd is no longer there) or 3 (MOD);
     * {@code events} EPOLLIN (1), EPOLLOUT (4), EPOLLONESHOT (1 << 30) ...; {@code data} comes back
     * with each event.
     */
    default void epollCtl(int epfd, int op, int fd, int events, long data) {
        throw unimplemented("epoll");
    }

    /**
     * epoll_wait: fills {@code data} and {@code events} with up to their length ready entries,
     * waiting at most {@code timeoutMillis} (-1: no limit); returns how many (0 when interrupted).
     */
    default int epollWait(int epfd, long[] data, int[] events, int timeoutMillis) {
        throw unimplemented("epoll");
    }

    /** inotify_init1(IN_NONBLOCK|IN_CLOEXEC). */
    default int inotifyInit() {
        throw unimplemented("inotify");
    }

    /** inotify_add_watch: returns the watch descriptor. */
    default int inotifyAddWatch(int fd, String path, int mask) {
        throw unimplemented("inotify");
    }

    /** inotify_rm_watch, quiet when the watch is gone. */
    default void inotifyRemoveWatch(int fd, int wd) {
        throw unimplemented("inotify");
    }

    /** The watch descriptors of every event waiting on a non-blocking inotify fd; empty when none. */
    default int[] inotifyRead(int fd) {
        throw unimplemented("inotify");
    }

    private dev.cortado.errors.CortadoException unimplemented(String what) {
        return new dev.cortado.errors.CortadoException(
                dev.cortado.errors.ErrorKind.UNIMPLEMENTED,
                what + " is not implemented by " + getClass().getSimpleName());
    }

    /** Bytes and fds from one recvmsg. */
    record Received(byte[] data, List<Integer> fds) {
        public Received {
            data = data.clone();
            fds = List.copyOf(fds);
        }
    }
}
