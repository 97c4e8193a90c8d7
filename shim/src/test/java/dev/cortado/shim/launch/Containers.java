package dev.cortado.shim.launch;

import dev.cortado.shim.linux.LibSeccomp;
import dev.cortado.shim.linux.LibcSyscalls;
import dev.cortado.shim.process.ContainerIo;
import dev.cortado.shim.process.ExitStatus;
import dev.cortado.shim.process.Monitor;
import dev.cortado.shim.spec.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Test fixture: runs containers under a private cgroup and state root, and cleans up. */
final class Containers implements AutoCloseable {
    /** What a finished container printed and how it ended. */
    record Result(int code, String stdout, String stderr) {}

    final LibcSyscalls sys = new LibcSyscalls();
    final Launcher launcher;
    final Path dir;
    final Path cgroupParent;
    private final List<Monitor> monitors = new ArrayList<>();
    private int next;

    Containers(Path dir) throws IOException {
        this.dir = dir;
        this.cgroupParent = Host.CGROUP2.resolve("cortado-test-" + UUID.randomUUID());
        Files.createDirectory(cgroupParent);
        PlanBuilder plans = new PlanBuilder(new LibSeccomp(sys), Host.CGROUP2);
        this.launcher = new Launcher(sys, plans, InitBinary.locate(dir.resolve("bin")));
    }

    /** The spec placed in a fresh child of our test cgroup (unique per call). */
    Spec inCgroup(Spec spec) {
        String path = "/" + cgroupParent.getFileName() + "/g" + UUID.randomUUID();
        return spec.withLinux(spec.linux().withCgroupsPath(path));
    }

    Monitor create(Spec spec) {
        return create(spec, Optional.empty());
    }

    /** Creates a container whose stdio pipes belong to {@code owner}, when given. */
    Monitor create(Spec spec, Optional<StdioOwner> owner) {
        Spec placed = spec.linux().cgroupsPath() == null ? inCgroup(spec) : spec;
        next++;
        Monitor m = launcher.create(
                "c" + next, placed, dir.resolve("state/c" + next), new LaunchOptions(owner, Optional.empty()));
        monitors.add(m);
        return m;
    }

    /** Creates a container with {@code options}, reporting the limits it left out. */
    Launcher.Launched launch(Spec spec, LaunchOptions options) {
        Spec placed = spec.linux().cgroupsPath() == null ? inCgroup(spec) : spec;
        next++;
        Launcher.Launched l = launcher.launch("c" + next, placed, dir.resolve("state/c" + next), options);
        monitors.add(l.monitor());
        return l;
    }

    /** Creates, starts and waits for a container, collecting its output. */
    Result run(Spec spec) throws IOException {
        return run(spec, Optional.empty());
    }

    /** As {@link #run(Spec)}, with the stdio pipes owned by {@code owner} when given. */
    Result run(Spec spec, Optional<StdioOwner> owner) throws IOException {
        return finish(create(spec, owner));
    }

    /** Starts a created container or exec with its stdin closed, and collects its output and exit. */
    Result finish(Monitor m) throws IOException {
        try (ContainerIo io = m.stdio()) {
            io.stdin().close();
            m.closeStdin();
            m.start();
            String out = new String(io.stdout().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(io.stderr().readAllBytes(), StandardCharsets.UTF_8);
            ExitStatus exit = m.waitForExit();
            return new Result(exit.code(), out, err);
        }
    }

    void track(Monitor m) {
        monitors.add(m);
    }

    /**
     * Removes a cgroup directory, retrying while it is busy: a deleted monitor has exited but
     * counts in its cgroup until its reaper (init here) has reaped it.
     */
    private static void removeCgroup(Path dir) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (java.nio.file.FileSystemException e) {
                if (attempt >= 100 || e.getReason() == null || !e.getReason().contains("busy")) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (Monitor m : monitors) {
            try {
                if (m.state().status() != dev.cortado.shim.process.TaskState.Status.EXITED) {
                    m.kill(9);
                    m.waitForExit();
                }
                m.delete();
            } catch (RuntimeException e) {
                // best effort: the monitor may already be gone
            }
        }
        // cgroup directories go deepest first; their files are not removable and need no removal
        try (var dirs = Files.walk(cgroupParent)) {
            for (Path d : dirs.filter(Files::isDirectory)
                    .sorted(java.util.Comparator.reverseOrder())
                    .toList()) {
                removeCgroup(d);
            }
        }
    }
}
