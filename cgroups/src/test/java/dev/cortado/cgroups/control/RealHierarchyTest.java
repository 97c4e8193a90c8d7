package dev.cortado.cgroups.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupException.Reason;
import dev.cortado.cgroups.CgroupMode;
import dev.cortado.cgroups.CgroupPath;
import dev.cortado.cgroups.HidingCgroupFs;
import dev.cortado.cgroups.resources.MemoryResources;
import dev.cortado.cgroups.resources.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The library on the machine's real cgroup2 hierarchy (hybrid {@code /sys/fs/cgroup/unified} on
 * the dev and CI machines, pure v2 in the VM): needs root, skipped with the reason otherwise.
 */
@Tag("privileged")
@SuppressWarnings("try") // the watcher is closed by try-with-resources, not used in the body
class RealHierarchyTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    RealCgroupFixture fx;

    @BeforeEach
    void setUp(TestInfo info) {
        fx = new RealCgroupFixture(info.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    private static String cgroupOf(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")).stream()
                .filter(l -> l.startsWith("0::"))
                .findFirst()
                .orElseThrow()
                .substring(3);
    }

    @Test
    void addProcess_movesItIntoTheCgroup() throws Exception {
        Process p = fx.start("exec sleep 600");

        fx.cgroup().addProcess(p.pid());

        assertThat(fx.cgroup().processes()).containsExactly(p.pid());
        assertThat(cgroupOf(p.pid())).endsWith(fx.path.toString());
    }

    @Test
    void processesRecursive_seesChildCgroups() throws Exception {
        Cgroup child = fx.manager.create(fx.path.child("c1"), Set.of());
        Process a = fx.start("exec sleep 600");
        Process b = fx.start("exec sleep 600");
        fx.cgroup().addProcess(a.pid());
        child.addProcess(b.pid());

        assertThat(fx.cgroup().processesRecursive()).containsExactlyInAnyOrder(a.pid(), b.pid());
    }

    @Test
    void freezeAndThaw_reportedByCgroupEvents() throws Exception {
        Process p = fx.start("exec sleep 600");
        Cgroup cg = fx.cgroup();
        cg.addProcess(p.pid());

        cg.freeze(WAIT);
        assertThat(cg.isFrozen()).isTrue();
        assertThat(Files.readString(Path.of("/proc/" + p.pid() + "/stat")))
                .as("frozen tasks sleep")
                .contains(") S ");

        cg.thaw(WAIT);
        assertThat(cg.isFrozen()).isFalse();
    }

    @Test
    void killAll_killsEveryProcessInTheSubtreeAndTheWatcherSeesItEmpty() throws Exception {
        Cgroup child = fx.manager.create(fx.path.child("c1"), Set.of());
        Process a = fx.start("exec sleep 600");
        Process b = fx.start("exec sleep 600");
        fx.cgroup().addProcess(a.pid());
        child.addProcess(b.pid());
        List<CgroupEvent> events = new CopyOnWriteArrayList<>();
        // A long poll interval: the event has to come through inotify on cgroupfs.
        try (EventsWatcher w = fx.cgroup().watch(events::add, Duration.ofMinutes(10), true)) {
            fx.cgroup().killAll(WAIT);

            assertThat(a.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(b.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(a.exitValue()).as("SIGKILL").isEqualTo(137);
            await().atMost(WAIT).until(() -> events.contains(new CgroupEvent.Empty()));
        }
        assertThat(fx.cgroup().processesRecursive()).isEmpty();
    }

    @Test
    void killAll_withoutCgroupKill_fallsBackToSignallingEachProcess(TestInfo info) throws Exception {
        fx.close();
        HidingCgroupFs hidingKill = new HidingCgroupFs(Set.of("cgroup.kill"));
        fx = new RealCgroupFixture(info.getTestMethod().orElseThrow().getName(), hidingKill, Set.of());
        Process a = fx.start("exec sleep 600");
        fx.cgroup().addProcess(a.pid());

        fx.cgroup().killAll(WAIT);

        assertThat(a.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(fx.cgroup().processesRecursive()).isEmpty();
    }

    @Test
    void stats_cpuUsageGrowsAndPsiParses() throws Exception {
        Process p = fx.startHeld("i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done; exec sleep 600");
        fx.cgroup().addProcess(p.pid());
        RealCgroupFixture.release(p);

        await().atMost(WAIT).until(() -> fx.cgroup().stats().cpu().usageUsec() > 0);
        CgroupStats s = fx.cgroup().stats();
        assumeTrue(s.cpuPressure() != null, "kernel without PSI (psi=0)");
        assertThat(s.cpuPressure().some().total()).isNotNegative();
        assertThat(s.ioPressure()).isNotNull();
        assertThat(s.memoryPressure()).isNotNull();
    }

    @Test
    void delete_withLiveProcesses_failsAndKeepsTheCgroup() throws Exception {
        Process p = fx.start("exec sleep 600");
        fx.cgroup().addProcess(p.pid());

        assertThatThrownBy(() -> fx.manager.delete(fx.path, Duration.ofMillis(200)))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FAILED_PRECONDITION))
                .hasMessageContaining(Long.toString(p.pid()));
        assertThat(fx.path.resolve(fx.hierarchy.root())).isDirectory();
    }

    @Test
    void memoryLimit_inHybridMode_isUnsupportedAndCreatesNothing() {
        assumeTrue(fx.hierarchy.mode() == CgroupMode.HYBRID, "only hybrid mode lacks the memory controller on v2");
        CgroupPath child = fx.path.child("limited");
        Resources r = Resources.NONE.withMemory(new MemoryResources(64L << 20, null, null, null, null));

        assertThatThrownBy(() -> fx.manager.create(child, r))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED))
                .hasMessageContaining("memory controller")
                .hasMessageContaining("cgroup mode hybrid");
        assertThat(child.resolve(fx.hierarchy.root())).doesNotExist();
    }
}
