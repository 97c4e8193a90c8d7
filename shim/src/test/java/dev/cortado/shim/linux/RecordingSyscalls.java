package dev.cortado.shim.linux;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link LinuxSyscalls} fake that records every call as a line of text and answers reads
 * from scripted data: enough to test the launcher and monitor client without a kernel.
 */
public final class RecordingSyscalls implements LinuxSyscalls {
    /** The calls made, such as "spawn /x {0=7, 3=3}" or "close 4". */
    public final List<String> calls = new ArrayList<>();
    /** Bytes written per fd. */
    public final Map<Integer, ByteArrayOutputStream> written = new HashMap<>();
    /** Calls that throw when made, by name ("spawn", "pipe", "open", "attach"): injected failures. */
    public final java.util.Set<String> failing = new java.util.HashSet<>();
    /** The fds handed out and not closed yet. */
    public final java.util.Set<Integer> openFds = new java.util.TreeSet<>();

    private final Map<Integer, Deque<byte[]>> reads = new HashMap<>();
    private int nextFd = 3;

    /** Makes the next reads of {@code fd} return {@code chunks}, then end of file. */
    public RecordingSyscalls script(int fd, String... chunks) {
        Deque<byte[]> q = reads.computeIfAbsent(fd, k -> new ArrayDeque<>());
        for (String c : chunks) {
            q.add(c.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return this;
    }

    @Override
    public int spawn(String path, List<String> argv, List<String> envp, Map<Integer, Integer> fds) {
        fail("spawn");
        calls.add("spawn " + path + " " + argv + " " + new java.util.TreeMap<>(fds));
        return 4242;
    }

    /** The fd that {@link #sealedCopy} hands out, outside the range of the other fds. */
    public static final int SEALED_FD = 100;

    @Override
    public int sealedCopy(java.nio.file.Path file) {
        calls.add("sealed-copy " + file);
        return SEALED_FD;
    }

    @Override
    public boolean reapIfChild(int pid) {
        calls.add("reap " + pid);
        return true;
    }

    @Override
    public int waitPid(int pid) {
        calls.add("waitpid " + pid);
        return 0;
    }

    @Override
    public int[] pipe() {
        fail("pipe");
        int[] p = {nextFd++, nextFd++};
        openFds.add(p[0]);
        openFds.add(p[1]);
        calls.add("pipe " + p[0] + " " + p[1]);
        return p;
    }

    @Override
    public int open(String path, int flags, int mode) {
        fail("open");
        calls.add("open " + path);
        openFds.add(nextFd);
        return nextFd++;
    }

    @Override
    public int read(int fd, byte[] buf) {
        byte[] next = reads.getOrDefault(fd, new ArrayDeque<>()).poll();
        if (next == null) {
            return 0;
        }
        System.arraycopy(next, 0, buf, 0, next.length);
        return next.length;
    }

    @Override
    public void write(int fd, byte[] data) {
        written.computeIfAbsent(fd, k -> new ByteArrayOutputStream()).writeBytes(data);
    }

    @Override
    public void close(int fd) {
        calls.add("close " + fd);
        openFds.remove(fd);
    }

    @Override
    public int connectUnix(String path) {
        calls.add("connect " + path);
        return nextFd++;
    }

    @Override
    public void attachDeviceFilter(java.nio.file.Path cgroupDir, byte[] program) {
        fail("attach");
        calls.add("attach " + cgroupDir + " " + program.length / 8 + " insns");
    }

    /** Pids that {@link #kill} reports as gone (ESRCH). */
    public final java.util.Set<Integer> exited = new java.util.HashSet<>();

    @Override
    public boolean kill(int pid, int signal) {
        fail("kill");
        calls.add("kill " + pid + " " + signal);
        return !exited.contains(pid);
    }

    @Override
    public void mkfifo(String path, int mode) {
        fail("mkfifo");
        calls.add("mkfifo " + path + " " + Integer.toOctalString(mode));
    }

    @Override
    public void mount(String source, String target, String fstype, long flags, String data) {
        fail("mount");
        calls.add("mount " + source + " " + target + " " + fstype + " " + flags + " " + data);
    }

    @Override
    public boolean unmount(String target, int flags) {
        calls.add("umount " + target + " " + flags);
        return true;
    }

    private void fail(String call) {
        if (failing.contains(call)) {
            throw dev.cortado.errors.CortadoException.internal("injected failure of " + call, null);
        }
    }

    @Override
    public Received receive(int fd, int maxBytes, int maxFds) {
        byte[] data = reads.getOrDefault(fd, new ArrayDeque<>()).poll();
        return new Received(data == null ? new byte[0] : data, List.of());
    }
}
