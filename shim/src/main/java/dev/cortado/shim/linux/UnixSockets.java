package dev.cortado.shim.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Unix stream sockets with fd passing, for {@link LibcSyscalls} (LP64 struct layouts). */
final class UnixSockets {
    private static final int O_CLOEXEC = LibcSyscalls.O_CLOEXEC;
    private static final int SCM_RIGHTS = 1;

    private final Libc libc;
    private final LibcSyscalls sys;

    UnixSockets(Libc libc, LibcSyscalls sys) {
        this.libc = libc;
        this.sys = sys;
    }

    /** Connects a stream socket to the unix socket at {@code path}. */
    int connect(String path) {
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
                sys.close(fd);
            }
            throw new CortadoException(ErrorKind.UNAVAILABLE, "connect " + path + ": errno " + e.getErrorCode(), e);
        }
    }

    /** Receives one message with up to {@code maxFds} fds (SCM_RIGHTS), close-on-exec. */
    LinuxSyscalls.Received receive(int fd, int maxBytes, int maxFds) {
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
            return new LinuxSyscalls.Received(data.getByteArray(0, n), fds);
        } catch (LastErrorException e) {
            throw LibcSyscalls.failed("recvmsg fd " + fd, e.getErrorCode());
        }
    }
}
