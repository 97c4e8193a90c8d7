package dev.cortado.shim.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link LinuxSyscalls} on glibc through JNA (x86_64 and aarch64 struct layouts). */
public final class LibcSyscalls implements LinuxSyscalls {
    private static final int O_CLOEXEC = 0x80000;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int SCM_RIGHTS = 1;

    private final Libc libc = Native.load("c", Libc.class);

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
            check(libc.posix_spawn(pid, path, actions, attr, nullTerminated(argv), nullTerminated(envp)),
                    "posix_spawn", path);
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
    public int connectUnix(String path) {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length >= 108) {
            throw new CortadoException(ErrorKind.INVALID_ARGUMENT, "socket path too long: " + path);
        }
        Memory addr = new Memory(110);
        addr.clear();
        addr.setShort(0, (short) 1); // AF_UNIX
        addr.write(2, name, 0, name.length);
        int fd = -1;
        try {
            fd = libc.socket(1, 1 | O_CLOEXEC, 0); // AF_UNIX, SOCK_STREAM
            libc.connect(fd, addr, 110);
            return fd;
        } catch (LastErrorException e) {
            if (fd >= 0) {
                close(fd);
            }
            throw new CortadoException(ErrorKind.UNAVAILABLE,
                    "connect " + path + ": errno " + e.getErrorCode(), e);
        }
    }

    @Override
    public Received receive(int fd, int maxBytes, int maxFds) {
        // struct msghdr on LP64: name@0 namelen@8 iov@16 iovlen@24 control@32 controllen@40
        Memory data = new Memory(maxBytes);
        Memory iov = new Memory(16);
        iov.setPointer(0, data);
        iov.setLong(8, maxBytes);
        long controlLen = 16 + 8L * ((maxFds * 4L + 7) / 8);
        Memory control = new Memory(Math.max(controlLen, 24));
        control.clear();
        Memory msg = new Memory(56);
        msg.clear();
        msg.setPointer(16, iov);
        msg.setLong(24, 1);
        msg.setPointer(32, control);
        msg.setLong(40, controlLen);
        try {
            int n = (int) libc.recvmsg(fd, msg, 0x40000000); // MSG_CMSG_CLOEXEC
            List<Integer> fds = new ArrayList<>();
            long usedControl = msg.getLong(40);
            if (usedControl >= 16 && control.getInt(8) == 1 && control.getInt(12) == SCM_RIGHTS) {
                long count = (control.getLong(0) - 16) / 4;
                for (int i = 0; i < count; i++) {
                    fds.add(control.getInt(16 + 4L * i));
                }
            }
            return new Received(data.getByteArray(0, n), fds);
        } catch (LastErrorException e) {
            throw failed("recvmsg fd " + fd, e.getErrorCode());
        }
    }

    @Override
    public void attachDeviceFilter(java.nio.file.Path cgroupDir, byte[] program) {
        long sysBpf = "aarch64".equals(System.getProperty("os.arch")) ? 280 : 321;
        Memory insns = new Memory(program.length);
        insns.write(0, program, 0, program.length);
        Memory license = new Memory(8);
        license.setString(0, "Apache");
        Memory log = new Memory(65536);
        log.clear();
        // union bpf_attr for BPF_PROG_LOAD: prog_type, insn_cnt, insns, license, log_level,
        // log_size, log_buf; the rest stays zero
        Memory attr = new Memory(128);
        attr.clear();
        attr.setInt(0, 15); // BPF_PROG_TYPE_CGROUP_DEVICE
        attr.setInt(4, program.length / 8);
        attr.setPointer(8, insns);
        attr.setPointer(16, license);
        int prog = -1;
        int dir = -1;
        try {
            try {
                prog = (int) libc.syscall(sysBpf, 5, attr, 128); // BPF_PROG_LOAD
            } catch (LastErrorException e) {
                // load again with the verifier log (level 1 fails with ENOSPC if the log overflows)
                attr.setInt(24, 1);
                attr.setInt(28, 65536);
                attr.setPointer(32, log);
                prog = (int) libc.syscall(sysBpf, 5, attr, 128);
            }
            dir = libc.open(cgroupDir.toString(), 0200000 | O_CLOEXEC, 0); // O_DIRECTORY
            Memory attach = new Memory(128);
            attach.clear();
            attach.setInt(0, dir);
            attach.setInt(4, prog);
            attach.setInt(8, 6); // BPF_CGROUP_DEVICE
            attach.setInt(12, 2); // BPF_F_ALLOW_MULTI
            libc.syscall(sysBpf, 8, attach, 128); // BPF_PROG_ATTACH
        } catch (LastErrorException e) {
            throw new CortadoException(ErrorKind.FAILED_PRECONDITION, "attach device filter to " + cgroupDir
                    + ": errno " + e.getErrorCode() + " " + log.getString(0).trim(), e);
        } finally {
            if (prog >= 0) {
                close(prog);
            }
            if (dir >= 0) {
                close(dir);
            }
        }
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

    private static CortadoException failed(String what, int errno) {
        return new CortadoException(ErrorKind.INTERNAL, what + " failed: errno " + errno);
    }
}
