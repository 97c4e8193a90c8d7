package dev.cortado.cri.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;

/**
 * The glibc functions the CRI service binds with JNA; each failing call throws
 * {@link LastErrorException} carrying errno. {@code mknod} is a real symbol from glibc 2.33 on
 * (Debian 12 has 2.36); before that it was an inline wrapper around {@code __xmknod}.
 */
interface Libc extends Library {
    /** {@code AT_FDCWD}: paths are relative to the working directory (ours are absolute). */
    int AT_FDCWD = -100;
    /** {@code AT_SYMLINK_NOFOLLOW}: act on a final symlink itself. */
    int AT_SYMLINK_NOFOLLOW = 0x100;
    /** {@code UTIME_OMIT} in a timespec's nanoseconds: leave that time alone. */
    long UTIME_OMIT = (1L << 30) - 2L;

    int mknod(String path, int mode, long dev) throws LastErrorException;

    int lsetxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException;

    /** {@code times} is two {@code struct timespec} (atime, mtime) as four longs on LP64. */
    int utimensat(int dirfd, String path, long[] times, int flags) throws LastErrorException;

    /** {@code MS_BIND} and friends, for {@code mount(2)}. */
    long MS_NOSUID = 2;

    long MS_NODEV = 4;
    long MS_NOEXEC = 8;
    long MS_BIND = 4096;
    /** {@code umount2} flag: lazy unmount, as containerd unmounts pinned namespaces. */
    int MNT_DETACH = 2;

    int unshare(int flags) throws LastErrorException;

    int mount(String source, String target, String fstype, long flags, String data) throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;

    int sethostname(byte[] name, long len) throws LastErrorException;

    int kill(int pid, int signal) throws LastErrorException;

    int AF_INET = 2;
    int SOCK_DGRAM = 2;
    int SOCK_CLOEXEC = 0x80000;
    long SIOCGIFFLAGS = 0x8913;
    long SIOCSIFFLAGS = 0x8914;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    /** {@code ioctl(fd, request, struct ifreq *)}; the ifreq is 40 bytes on LP64. */
    int ioctl(int fd, long request, byte[] ifreq) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;
    /** {@code CLONE_NEWNET} for {@code setns(2)}: the fd must be a network namespace. */
    int CLONE_NEWNET = 0x40000000;

    int open(String path, int flags) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;
}
