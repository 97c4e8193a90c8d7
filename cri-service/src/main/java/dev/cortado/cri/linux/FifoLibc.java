package dev.cortado.cri.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The glibc calls {@link NativeFifos} binds: a non-blocking {@code open(2)} of a fifo's read
 * end (or of a read-write end to write to), {@code read(2)}, {@code write(2)}, {@code poll(2)} and an {@code eventfd(2)} to wake a waiting poll. Kept
 * apart from {@link Libc} so the fifo reader stays one small unit.
 */
interface FifoLibc extends Library {
    int O_RDONLY = 0;
    int O_RDWR = 2;
    int O_NONBLOCK = 04000;
    int O_CLOEXEC = 02000000;
    int EFD_NONBLOCK = 04000;
    int EFD_CLOEXEC = 02000000;
    short POLLIN = 0x1;
    short POLLOUT = 0x4;
    short POLLERR = 0x8;
    short POLLHUP = 0x10;
    short POLLNVAL = 0x20;
    int EINTR = 4;
    int EAGAIN = 11;

    /** {@code open(path, flags)}: no mode, as nothing is created. */
    int open(String path, int flags) throws LastErrorException;

    long read(int fd, byte[] buf, long count) throws LastErrorException;

    long write(int fd, byte[] buf, long count) throws LastErrorException;

    /** {@code fds} is an array of {@code struct pollfd} (int fd, short events, short revents). */
    int poll(Pointer fds, long nfds, int timeoutMillis) throws LastErrorException;

    int eventfd(int initval, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;
}
