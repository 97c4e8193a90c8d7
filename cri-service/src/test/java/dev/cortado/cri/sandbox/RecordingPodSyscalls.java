package dev.cortado.cri.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Records every call ("unshare 0x...", "bind a b", ...) and fails a call whose text starts with a prefix. */
final class RecordingPodSyscalls implements PodSyscalls {
    final List<String> calls = new ArrayList<>();
    final Set<Path> mounted = new HashSet<>();
    volatile String failPrefix = "";

    private synchronized void record(String call) throws IOException {
        calls.add(call);
        if (!failPrefix.isEmpty() && call.startsWith(failPrefix)) {
            throw new IOException("injected failure of " + call);
        }
    }

    @Override
    public void unshare(int flags) throws IOException {
        record("unshare 0x" + Integer.toHexString(flags));
    }

    @Override
    public void bindMount(Path source, Path target) throws IOException {
        record("bind " + source + " " + target);
        synchronized (this) {
            mounted.add(target);
        }
    }

    @Override
    public void mountTmpfs(Path target, String data) throws IOException {
        record("tmpfs " + target + " " + data);
        synchronized (this) {
            mounted.add(target);
        }
    }

    @Override
    public boolean unmount(Path target) throws IOException {
        record("umount " + target);
        synchronized (this) {
            return mounted.remove(target);
        }
    }

    @Override
    public void setHostname(String hostname) throws IOException {
        record("sethostname " + hostname);
    }

    @Override
    public void setLoopbackUp() throws IOException {
        record("lo up");
    }

    @Override
    public boolean kill(long pid, int signal) throws IOException {
        record("kill " + pid + " " + signal);
        return true;
    }

    synchronized Set<Path> mounted() {
        return Set.copyOf(mounted);
    }
}
