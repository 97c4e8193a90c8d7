package dev.cortado.cgroups.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cortado.cgroups.CgroupPath;
import dev.cortado.cgroups.CgroupRoots;
import dev.cortado.cgroups.FakeCgroupFs;
import dev.cortado.cgroups.HierarchyDetector;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@SuppressWarnings("try") // the watchers are closed by try-with-resources, not used in the body
class EventsWatcherTest {
    @TempDir
    java.nio.file.Path base;

    final FakeCgroupFs fs = FakeCgroupFs.withV2ControllerFiles();
    final List<CgroupEvent> events = new CopyOnWriteArrayList<>();

    private Cgroup populatedCgroup() throws Exception {
        CgroupRoots.unified(base, "memory");
        CgroupManager m = new CgroupManager(fs, new HierarchyDetector(fs, base).detect(), Ticker.system(), pid -> {});
        Cgroup cg = m.create(CgroupPath.parse("/pod1"), Set.of("memory"));
        atomicWrite(cg.dir().resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        return cg;
    }

    /** Replaces a file in one step, as the kernel's reads of cgroupfs files are atomic. */
    private static void atomicWrite(java.nio.file.Path file, String content) throws Exception {
        java.nio.file.Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String memoryEvents(long oomKills) {
        return "low 0\nhigh 0\nmax 5\noom " + oomKills + "\noom_kill " + oomKills + "\noom_group_kill 0\n";
    }

    @ParameterizedTest(name = "inotify={0}")
    @ValueSource(booleans = {true, false})
    void oomKillIncrement_isReportedWithItsCount(boolean inotify) throws Exception {
        Cgroup cg = populatedCgroup();
        try (EventsWatcher w = cg.watch(events::add, Duration.ofMillis(20), inotify)) {
            atomicWrite(cg.dir().resolve("memory.events"), memoryEvents(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
            // two kills between two reads must still count as two
            atomicWrite(cg.dir().resolve("memory.events"), memoryEvents(3));
            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
        }

        assertThat(events).containsExactly(new CgroupEvent.OomKill(1, 1), new CgroupEvent.OomKill(2, 3));
    }

    @ParameterizedTest(name = "inotify={0}")
    @ValueSource(booleans = {true, false})
    void populatedZero_isReportedOnce(boolean inotify) throws Exception {
        Cgroup cg = populatedCgroup();
        try (EventsWatcher w = cg.watch(events::add, Duration.ofMillis(20), inotify)) {
            atomicWrite(cg.dir().resolve("cgroup.events"), "populated 0\nfrozen 0\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
            atomicWrite(cg.dir().resolve("memory.events"), memoryEvents(0)); // unrelated change
            Thread.sleep(100);
        }

        assertThat(events).containsExactly(new CgroupEvent.Empty());
    }

    @Test
    void alreadyEmptyWhenWatchStarts_isReportedAtOnce() throws Exception {
        Cgroup cg = populatedCgroup();
        atomicWrite(cg.dir().resolve("cgroup.events"), "populated 0\nfrozen 0\n");

        try (EventsWatcher w = cg.watch(events::add, Duration.ofMillis(20), true)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
        }

        assertThat(events).containsExactly(new CgroupEvent.Empty());
    }

    @Test
    void oomKillsBeforeTheWatchStarted_areNotReported() throws Exception {
        Cgroup cg = populatedCgroup();
        atomicWrite(cg.dir().resolve("memory.events"), memoryEvents(7));

        try (EventsWatcher w = cg.watch(events::add, Duration.ofMillis(20), false)) {
            atomicWrite(cg.dir().resolve("memory.events"), memoryEvents(8));
            await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
        }

        assertThat(events).containsExactly(new CgroupEvent.OomKill(1, 8));
    }
}
