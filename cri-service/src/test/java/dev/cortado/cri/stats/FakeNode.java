package dev.cortado.cri.stats;

import dev.cortado.cgroups.CgroupMode;
import dev.cortado.cgroups.CgroupParent;
import dev.cortado.cgroups.Hierarchy;
import dev.cortado.cgroups.RealCgroupFs;
import dev.cortado.cgroups.control.CgroupManager;
import dev.cortado.cgroups.control.Signaller;
import dev.cortado.cgroups.control.Ticker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node in a temp dir: a cgroupfs laid out as the kernel's (plain files read through the real
 * {@link RealCgroupFs}), cortado's root and state dirs, a {@code /proc}, and a clock and ticker the
 * test moves.
 */
final class FakeNode {
    final Path cgroup;
    final Path root;
    final Path state;
    final Path proc;
    final AtomicLong monotonic = new AtomicLong(1_000_000_000L);
    Instant now = Instant.parse("2026-12-03T13:00:00Z");

    FakeNode(Path dir) {
        this.cgroup = dir.resolve("cgroup");
        this.root = dir.resolve("root");
        this.state = dir.resolve("state");
        this.proc = dir.resolve("proc");
    }

    /** The stats service over this node; the hierarchy unified with every controller, or hybrid (cpu.stat only). */
    StatsService service(ListedContainers containers, PodSource pods, boolean unified) {
        Hierarchy hierarchy = new Hierarchy(
                unified ? CgroupMode.UNIFIED : CgroupMode.HYBRID,
                cgroup,
                unified ? Set.of("cpu", "cpuset", "memory", "pids", "io") : Set.of());
        Ticker ticker = new Ticker() {
            @Override
            public long nanoTime() {
                return monotonic.get();
            }

            @Override
            public void sleep(Duration d) {
                monotonic.addAndGet(d.toNanos());
            }
        };
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new StatsService(
                containers,
                pods,
                new CgroupManager(new RealCgroupFs(), hierarchy, ticker, Signaller.processHandles()),
                CgroupParent.Driver.CGROUPFS,
                root,
                state,
                proc,
                clock);
    }

    /** Moves both clocks. */
    void advance(Duration d) {
        monotonic.addAndGet(d.toNanos());
        now = now.plus(d);
    }

    /** A bundle whose config.json names this cgroupsPath. */
    void bundle(String id, String cgroupsPath) {
        write(
                state.resolve("containers").resolve(id).resolve("config.json"),
                "{\"ociVersion\":\"1.1.0\",\"linux\":{\"cgroupsPath\":\"" + cgroupsPath + "\"}}");
    }

    /** cpu.stat of a cgroup (made if missing). */
    void cpu(String cgroupPath, long usageUsec) {
        write(
                dir(cgroupPath).resolve("cpu.stat"),
                "usage_usec " + usageUsec + "\nuser_usec " + usageUsec / 2 + "\nsystem_usec " + usageUsec / 2
                        + "\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n");
    }

    /** The memory controller's files; {@code max} -1 is "max". */
    void memory(String cgroupPath, long current, long inactiveFile, long anon, long max) {
        Path d = dir(cgroupPath);
        write(d.resolve("memory.current"), current + "\n");
        write(d.resolve("memory.max"), (max < 0 ? "max" : Long.toString(max)) + "\n");
        write(
                d.resolve("memory.stat"),
                "anon " + anon + "\nfile 4096\ninactive_file " + inactiveFile + "\npgfault 1234\npgmajfault 5\n");
        write(d.resolve("memory.events"), "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");
    }

    /** A file of {@code size} bytes in the container's writable layer. */
    void layerFile(String id, String name, int size) {
        write(root.resolve("containers").resolve(id).resolve("upper").resolve(name), "x".repeat(size));
    }

    Path dir(String cgroupPath) {
        Path d = cgroup.resolve(cgroupPath.replaceFirst("^/", ""));
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
