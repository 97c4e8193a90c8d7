package dev.cortado.shim.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/** The glibc functions we bind with JNA; each failing call throws LastErrorException. */
interface Libc extends Library {
    int posix_spawn(IntByReference pid, String path, Pointer fileActions, Pointer attr, String[] argv, String[] envp);

    int posix_spawn_file_actions_init(Pointer fileActions);

    int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

    int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

    int posix_spawn_file_actions_destroy(Pointer fileActions);

    int posix_spawnattr_init(Pointer attr);

    int posix_spawnattr_setflags(Pointer attr, short flags);

    int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

    int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

    int posix_spawnattr_destroy(Pointer attr);

    int sigemptyset(Pointer set);

    int sigfillset(Pointer set);

    int waitpid(int pid, IntByReference status, int options) throws LastErrorException;

    int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;

    int pipe2(int[] fds, int flags) throws LastErrorException;

    int open(String path, int flags, int mode) throws LastErrorException;

    int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    long read(int fd, byte[] buf, long count) throws LastErrorException;

    long write(int fd, byte[] buf, long count) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int connect(int fd, Pointer addr, int len) throws LastErrorException;

    long recvmsg(int fd, Pointer msghdr, int flags) throws LastErrorException;

    int memfd_create(String name, int flags) throws LastErrorException;

    long syscall(long number, Object... args) throws LastErrorException;

    int kill(int pid, int signal) throws LastErrorException;

    int mkfifo(String path, int mode) throws LastErrorException;

    int mount(String source, String target, String fstype, long flags, String data) throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;

    long lseek(int fd, long offset, int whence) throws LastErrorException;

    int epoll_create1(int flags) throws LastErrorException;

    int epoll_ctl(int epfd, int op, int fd, Pointer event) throws LastErrorException;

    int epoll_wait(int epfd, Pointer events, int maxEvents, int timeout) throws LastErrorException;

    int inotify_init1(int flags) throws LastErrorException;

    int inotify_add_watch(int fd, String path, int mask) throws LastErrorException;

    int inotify_rm_watch(int fd, int wd) throws LastErrorException;
}
