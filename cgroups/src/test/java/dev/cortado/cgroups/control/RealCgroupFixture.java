package dev.cortado.cgroups.control;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.cgroups.CgroupFs;
import dev.cortado.cgroups.CgroupMode;
import dev.cortado.cgroups.CgroupPath;
import dev.cortado.cgroups.Hierarchy;
import dev.cortado.cgroups.HierarchyDetector;
import dev.cortado.cgroups.RealCgroupFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A uniquely named test cgroup directly under the real cgroup2 root, plus the processes a test
 * starts; tests skip (with the reason) when there is no writable cgroup2 hierarchy.
 */
@SuppressWarnings("try") // close() waits for processes and may be interrupted
final class RealCgroupFixture implements AutoCloseable {
    final CgroupFs fs;
    final Hierarchy hierarchy;
    final CgroupManager manager;
    final CgroupPath path;
    final List<Process> processes = new ArrayList<>();

    RealCgroupFixture(String testName, CgroupFs fs, Set<String> controllers) {
        this.fs = fs;
        this.hierarchy = new HierarchyDetector(fs, HierarchyDetector.DEFAULT_BASE).detect();
        assumeTrue(hierarchy.mode() != CgroupMode.NONE, "no cgroup2 hierarchy under /sys/fs/cgroup");
        assumeTrue(isRoot(), "needs root to create cgroups");
        assumeTrue(
                Files.isWritable(hierarchy.root().resolve("cgroup.procs")),
                "the cgroup2 root " + hierarchy.root() + " is not writable (read-only cgroupfs or no delegation)");
        this.manager = new CgroupManager(fs, hierarchy, Ticker.system(), Signaller.processHandles());
        this.path = CgroupPath.ROOT.child("cortado-test-" + testName.replaceAll("[^A-Za-z0-9_-]", "") + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        manager.create(path, controllers);
    }

    RealCgroupFixture(String testName) {
        this(testName, new RealCgroupFs(), Set.of());
    }

    Cgroup cgroup() {
        return manager.open(path);
    }

    /** Starts {@code sh -c script} (outside the test cgroup) and remembers it for cleanup. */
    Process start(String script) throws IOException {
        Process p = new ProcessBuilder("/bin/sh", "-c", script)
                .redirectErrorStream(true)
                .start();
        processes.add(p);
        return p;
    }

    /** Starts a shell that waits for a line on stdin before running the script, so it can be moved first. */
    Process startHeld(String script) throws IOException {
        return start("read go; " + script);
    }

    static void release(Process p) throws IOException {
        p.getOutputStream().write('\n');
        p.getOutputStream().flush();
    }

    @Override
    public void close() throws Exception {
        try {
            if (fs.exists(path.resolve(hierarchy.root()))) {
                Cgroup cg = cgroup();
                if (cg.isFrozen()) {
                    cg.thaw(Duration.ofSeconds(10));
                }
                cg.killAll(Duration.ofSeconds(30));
            }
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            manager.delete(path, Duration.ofSeconds(30));
        }
    }

    static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:"))
                    .anyMatch(l -> l.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }
}
