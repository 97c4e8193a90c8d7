package dev.cortado.cri.sandbox;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The system calls pods need, one method each (house rule 5): the JNA implementation is
 * {@code dev.cortado.cri.linux.NativePodSyscalls}; tests record calls with a fake. Every method
 * acts on the calling thread where the kernel makes it per-thread ({@code unshare}).
 */
public interface PodSyscalls {
    int CLONE_NEWIPC = 0x08000000;
    int CLONE_NEWUTS = 0x04000000;
    int CLONE_NEWNET = 0x40000000;
    int SIGKILL = 9;

    /** {@code unshare(2)} for the calling thread. */
    void unshare(int flags) throws IOException;

    /** {@code mount(source, target, NULL, MS_BIND, NULL)}. */
    void bindMount(Path source, Path target) throws IOException;

    /** A tmpfs with {@code nosuid,nodev,noexec} and the given data ({@code mode=1777,size=...}). */
    void mountTmpfs(Path target, String data) throws IOException;

    /**
     * {@code umount2(target, MNT_DETACH)}; false when nothing is mounted there or the path is
     * gone (EINVAL, ENOENT), so cleanup can be repeated.
     */
    boolean unmount(Path target) throws IOException;

    /** {@code sethostname(2)} in the calling thread's UTS namespace. */
    void setHostname(String hostname) throws IOException;

    /**
     * Brings the calling thread's network namespace's {@code lo} up ({@code SIOCSIFFLAGS}), as
     * containerd does for every pod with CNI's loopback plugin: localhost works in the pod
     * whatever the network config holds.
     */
    void setLoopbackUp() throws IOException;

    /** {@code kill(2)}; false when the process is gone (ESRCH). */
    boolean kill(long pid, int signal) throws IOException;
}
