package dev.cortado.shim.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link LinuxSyscalls} on glibc through JNA (x86_64 and aarch64 struct layouts). */
public final class LibcSyscalls implements LinuxSyscalls {
    private static final int ESRCH = 3;
    private static final int EINVAL = 22;
    static final int O_CLOEXEC = 0x80000;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;

    private final Libc libc = Native.load("c", Libc.class);
    private final UnixSockets sockets = new UnixSockets(libc, this);
    private final BpfPrograms bpf = new BpfPrograms(libc, this);
    private final SealedFiles sealed = new SealedFiles(libc, this);
    private final ChildProcesses children = new ChildProcesses(libc);
    private final FifoWrites fifos = new FifoWrites(libc);
    private final Epolls epolls = new Epolls(libc);

    @Override
    public int spawn(String path, List<String> argv, List<String> envp, Map<Integer, Integer> fds) {
        // Sources are first copied above every target, so that the dup2 actions cannot
        // clobber one another (child 3 <- parent 4 and child 4 <- parent 3).
        List<Integer> high = new ArrayList<>();
        Memory actions = new Memory(256);
        Memory attr = new Memory(512);
        Memory empty = new Memory(128);
        Memory full = new Memory(128);
        try {
            libc.posix_spawn_file_actions_init(actions);
            int top = fds.keySet().stream().max(Integer::compare).orElse(2) + 1;
            for (Map.Entry<Integer, Integer> e : fds.entrySet()) {
                int copy = libc.fcntl(e.getValue(), F_DUPFD_CLOEXEC, Math.max(top, 64));
                high.add(copy);
                check(libc.posix_spawn_file_actions_adddup2(actions, copy, e.getKey()), "dup2", path);
            }
            check(libc.posix_spawn_file_actions_addclosefrom_np(actions, top), "closefrom", path);
            libc.posix_spawnattr_init(attr);
            libc.sigemptyset(empty);
            libc.sigfillset(full);
            libc.posix_spawnattr_setsigmask(attr, empty);
            libc.posix_spawnattr_setsigdefault(attr, full);
            libc.posix_spawnattr_setflags(attr, (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK));
            IntByReference pid = new IntByReference();
            check(
                    libc.posix_spawn(pid, path, actions, attr, nullTerminated(argv), nullTerminated(envp)),
                    "posix_spawn",
                    path);
            return pid.getValue();
        } catch (LastErrorException e) {
            throw failed("prepare spawn of " + path, e.getErrorCode());
        } finally {
            libc.posix_spawn_file_actions_destroy(actions);
            libc.posix_spawnattr_destroy(attr);
            high.forEach(this::close);
        }
    }

    @Override
    public int waitPid(int pid) {
        IntByReference status = new IntByReference();
        while (true) {
            try {
                libc.waitpid(pid, status, 0);
                return status.getValue();
            } catch (LastErrorException e) {
                if (e.getErrorCode() != 4) { // EINTR: retry
                    throw failed("waitpid " + pid, e.getErrorCode());
                }
            }
        }
    }

    @Override
    public int[] pipe() {
        int[] fds = new int[2];
        try {
            libc.pipe2(fds, O_CLOEXEC);
            return fds;
        } catch (LastErrorException e) {
            throw failed("pipe2", e.getErrorCode());
        }
    }

    @Override
    public int open(String path, int flags, int mode) {
        try {
            return libc.open(path, flags | O_CLOEXEC, mode);
        } catch (LastErrorException e) {
            throw failed("open " + path, e.getErrorCode());
        }
    }

    @Override
    public int read(int fd, byte[] buf) {
        while (true) {
            try {
                return (int) libc.read(fd, buf, buf.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == 5) {
                    return 0; // EIO: a pty master whose slave side is gone, i.e. end of file
                }
                if (e.getErrorCode() != 4) { // EINTR: retry
                    throw failed("read fd " + fd, e.getErrorCode());
                }
            }
        }
    }

    @Override
    public void write(int fd, byte[] data) {
        int done = 0;
        try {
            while (done < data.length) {
                byte[] rest = done == 0 ? data : java.util.Arrays.copyOfRange(data, done, data.length);
                done += (int) libc.write(fd, rest, rest.length);
            }
        } catch (LastErrorException e) {
            throw failed("write fd " + fd, e.getErrorCode());
        }
    }

    @Override
    public void close(int fd) {
        try {
            libc.close(fd);
        } catch (LastErrorException e) {
            // EBADF or EINTR: the fd is gone either way (close(2) on Linux)
        }
    }

    @Override
    public boolean kill(int pid, int signal) {
        if (pid <= 0) {
            // kill(0 or -n) signals a process group: never what a pid list means
            throw new CortadoException(ErrorKind.INTERNAL, "kill " + pid + ": not a single process");
        }
        try {
            libc.kill(pid, signal);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ESRCH) {
                return false;
            }
            throw failed("kill -" + signal + " " + pid, e.getErrorCode());
        }
    }

    @Override
    public void mount(String source, String target, String fstype, long flags, String data) {
        try {
            libc.mount(source, target, fstype.isEmpty() ? null : fstype, flags, data.isEmpty() ? null : data);
        } catch (LastErrorException e) {
            throw new CortadoException(
                    ErrorKind.FAILED_PRECONDITION,
                    "mount " + fstype + " " + source + " on " + target + " (flags " + flags + ", data " + data
                            + ") failed: errno " + e.getErrorCode());
        }
    }

    @Override
    public boolean unmount(String target, int flags) {
        try {
            libc.umount2(target, flags);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EINVAL) {
                return false;
            }
            throw new CortadoException(
                    ErrorKind.FAILED_PRECONDITION, "umount " + target + " failed: errno " + e.getErrorCode());
        }
    }

    @Override
    public void mkfifo(String path, int mode) {
        try {
            libc.mkfifo(path, mode);
        } catch (LastErrorException e) {
            throw failed("mkfifo " + path, e.getErrorCode());
        }
    }

    @Override
    public int epollCreate() {
        return epolls.create();
    }

    @Override
    public void epollCtl(int epfd, int op, int fd, int events, long data) {
        epolls.control(epfd, op, fd, events, data);
    }

    @Override
    public int epollWait(int epfd, long[] data, int[] events, int timeoutMillis) {
        return epolls.await(epfd, data, events, timeoutMillis);
    }

    @Override
    public int inotifyInit() {
        return epolls.inotifyInit();
    }

    @Override
    public int inotifyAddWatch(int fd, String path, int mask) {
        return epolls.addWatch(fd, path, mask);
    }

    @Override
    public void inotifyRemoveWatch(int fd, int wd) {
        epolls.removeWatch(fd, wd);
    }

    @Override
    public int[] inotifyRead(int fd) {
        return epolls.readWatches(fd);
    }

    @Override
    public int openFifoWriter(String path) {
        return fifos.openWriter(path);
    }

    @Override
    public int writeNonBlocking(int fd, byte[] data, int off, int len) {
        return fifos.write(fd, data, off, len);
    }

    @Override
    public int readNonBlocking(int fd, byte[] buf) {
        return fifos.read(fd, buf);
    }

    @Override
    public int connectUnix(String path) {
        return sockets.connect(path);
    }

    @Override
    public Received receive(int fd, int maxBytes, int maxFds) {
        return sockets.receive(fd, maxBytes, maxFds);
    }

    @Override
    public void attachDeviceFilter(java.nio.file.Path cgroupDir, byte[] program) {
        bpf.attachDeviceFilter(cgroupDir, program);
    }

    @Override
    public boolean reapIfChild(int pid) {
        return children.reapIfChild(pid);
    }

    @Override
    public void becomeChildSubreaper() {
        children.becomeChildSubreaper();
    }

    @Override
    public int sealedCopy(java.nio.file.Path file) {
        return sealed.sealedCopy(file);
    }

    /** Creates an anonymous memory file (used to receive libseccomp's BPF output). */
    int memfd(String name) {
        try {
            return libc.memfd_create(name, 1); // MFD_CLOEXEC
        } catch (LastErrorException e) {
            throw failed("memfd_create", e.getErrorCode());
        }
    }

    /** Reads a whole memfd from its start. */
    byte[] readAll(int fd) {
        libc.lseek(fd, 0, 0);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = read(fd, buf)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static String[] nullTerminated(List<String> list) {
        return list.toArray(new String[0]); // JNA appends the NULL terminator
    }

    private static void check(int rc, String call, String path) {
        if (rc != 0) {
            throw failed(call + " " + path, rc); // posix_spawn family returns the errno
        }
    }

    static CortadoException failed(String what, int errno) {
        return new CortadoException(ErrorKind.INTERNAL, what + " failed: errno " + errno);
    }
}
