package dev.cortado.cgroups.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupException.Reason;
import dev.cortado.cgroups.CgroupPath;
import dev.cortado.cgroups.CgroupRoots;
import dev.cortado.cgroups.FakeCgroupFs;
import dev.cortado.cgroups.HierarchyDetector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupControlTest {
    @TempDir
    Path base;

    final FakeCgroupFs fs = FakeCgroupFs.withV2ControllerFiles();
    final FakeTicker ticker = new FakeTicker();
    final List<Long> killed = new ArrayList<>();
    CgroupManager manager;
    Cgroup cg;

    @BeforeEach
    void setUp() throws Exception {
        CgroupRoots.unified(base, "cpu memory pids");
        manager = new CgroupManager(fs, new HierarchyDetector(fs, base).detect(), ticker, killed::add);
        cg = manager.create(CgroupPath.parse("/pod1"), Set.of());
    }

    private static void write(Path p, String s) {
        try {
            Files.writeString(p, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void addProcess_writesPidToCgroupProcs() {
        cg.addProcess(1234);

        assertThat(fs.writes())
                .last()
                .isEqualTo(new FakeCgroupFs.Recorded(cg.dir().resolve("cgroup.procs"), "1234"));
    }

    @Test
    void addProcess_toCgroupThatDelegatesControllers_isFailedPrecondition() throws Exception {
        manager.create(CgroupPath.parse("/pod1/c1"), Set.of("memory"));

        assertThatThrownBy(() -> cg.addProcess(1234))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FAILED_PRECONDITION))
                .hasMessageContaining("no-internal-process");
    }

    @Test
    void processesRecursive_includesDescendants() throws Exception {
        Cgroup child = manager.create(CgroupPath.parse("/pod1/c1"), Set.of());
        Files.writeString(cg.dir().resolve("cgroup.procs"), "10\n11\n");
        Files.writeString(child.dir().resolve("cgroup.procs"), "20\n");

        assertThat(cg.processes()).containsExactly(10L, 11L);
        assertThat(cg.processesRecursive()).containsExactly(10L, 11L, 20L);
    }

    @Test
    void freeze_waitsUntilEventsReportFrozen() {
        int[] polls = {0};
        ticker.onSleep(() -> {
            if (++polls[0] == 3) {
                write(cg.dir().resolve("cgroup.events"), "populated 1\nfrozen 1\n");
            }
        });

        cg.freeze(Duration.ofSeconds(1));

        assertThat(cg.isFrozen()).isTrue();
        assertThat(polls[0]).isEqualTo(3);
        assertThat(fs.writes())
                .last()
                .isEqualTo(new FakeCgroupFs.Recorded(cg.dir().resolve("cgroup.freeze"), "1"));
    }

    @Test
    void freeze_neverReportedFrozen_timesOut() {
        assertThatThrownBy(() -> cg.freeze(Duration.ofMillis(200)))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT))
                .hasMessageContaining("freezing");
    }

    @Test
    void thaw_writesZeroAndWaits() throws Exception {
        Files.writeString(cg.dir().resolve("cgroup.events"), "populated 1\nfrozen 1\n");
        ticker.onSleep(() -> write(cg.dir().resolve("cgroup.events"), "populated 1\nfrozen 0\n"));

        cg.thaw(Duration.ofSeconds(1));

        assertThat(cg.isFrozen()).isFalse();
    }

    @Test
    void killAll_withCgroupKill_writesOneAndWaitsForEmpty() throws Exception {
        Files.writeString(cg.dir().resolve("cgroup.kill"), "");
        Files.writeString(cg.dir().resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        ticker.onSleep(() -> write(cg.dir().resolve("cgroup.events"), "populated 0\nfrozen 0\n"));

        cg.killAll(Duration.ofSeconds(1));

        assertThat(fs.writes())
                .last()
                .isEqualTo(new FakeCgroupFs.Recorded(cg.dir().resolve("cgroup.kill"), "1"));
        assertThat(killed).isEmpty();
    }

    @Test
    void killAll_withoutCgroupKill_signalsEveryProcessUntilEmpty() throws Exception {
        Cgroup child = manager.create(CgroupPath.parse("/pod1/c1"), Set.of());
        Files.writeString(cg.dir().resolve("cgroup.procs"), "10\n");
        Files.writeString(child.dir().resolve("cgroup.procs"), "20\n");
        Files.writeString(cg.dir().resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        ticker.onSleep(() -> {
            // the processes die after the signals; a new one forked meanwhile shows up once
            if (killed.size() == 2) {
                write(cg.dir().resolve("cgroup.procs"), "11\n");
                write(child.dir().resolve("cgroup.procs"), "");
            } else if (killed.size() == 3) {
                write(cg.dir().resolve("cgroup.procs"), "");
                write(cg.dir().resolve("cgroup.events"), "populated 0\nfrozen 0\n");
            }
        });

        cg.killAll(Duration.ofSeconds(1));

        assertThat(killed).containsExactly(10L, 20L, 11L);
    }

    @Test
    void killAll_processesSurvive_timesOutNamingThem() throws Exception {
        Files.writeString(cg.dir().resolve("cgroup.procs"), "10\n");
        Files.writeString(cg.dir().resolve("cgroup.events"), "populated 1\nfrozen 0\n");

        assertThatThrownBy(() -> cg.killAll(Duration.ofMillis(100)))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT))
                .hasMessageContaining("[10]");
    }

    @Test
    void stats_readsWhatExistsAndSkipsTheRest() throws Exception {
        Files.writeString(cg.dir().resolve("cpu.stat"), CgroupRoots.sample("v2-linux-6.1/cpu.stat"));
        Files.writeString(cg.dir().resolve("cpu.pressure"), CgroupRoots.sample("v2-linux-6.1/cpu.pressure"));

        CgroupStats s = cg.stats();

        assertThat(s.cpu().nrThrottled()).isEqualTo(626);
        assertThat(s.cpuPressure().some().avg10()).isEqualTo(35.33);
        assertThat(s.memory()).isNull();
        assertThat(s.pids()).isNull();
        assertThat(s.ioPressure()).isNull();
    }

    @Test
    void stats_memoryFiles_giveWorkingSet() throws Exception {
        Cgroup m = manager.create(CgroupPath.parse("/pod2"), Set.of("memory", "pids"));
        for (String f : new String[] {
            "memory.current",
            "memory.peak",
            "memory.stat",
            "memory.events",
            "memory.max",
            "memory.swap.current",
            "pids.current",
            "pids.max",
            "io.stat"
        }) {
            Files.writeString(m.dir().resolve(f), CgroupRoots.sample("v2-linux-6.1/" + f));
        }

        CgroupStats s = m.stats();

        assertThat(s.memory().current()).isEqualTo(454656);
        assertThat(s.memory().workingSet()).isEqualTo(454656 - 204800);
        assertThat(s.memory().limit()).isEqualTo(99999744);
        assertThat(s.pids().max()).isEqualTo(100);
        assertThat(s.io().devices()).hasSize(1);
    }

    @Test
    void stats_swapPressureAndIo_readFromTheirFiles() throws Exception {
        Cgroup m = manager.create(CgroupPath.parse("/pod3"), Set.of("memory", "pids"));
        for (String f : new String[] {
            "memory.current",
            "memory.stat",
            "memory.events",
            "memory.max",
            "io.stat",
            "memory.pressure",
            "io.pressure",
            "cpu.pressure"
        }) {
            Files.writeString(m.dir().resolve(f), CgroupRoots.sample("v2-linux-6.1/" + f));
        }
        Files.writeString(m.dir().resolve("memory.swap.current"), "4096\n");
        Files.writeString(m.dir().resolve("memory.swap.max"), "65536\n");

        CgroupStats s = m.stats();

        assertThat(s.memory().swapCurrent()).isEqualTo(4096);
        assertThat(s.memory().swapMax()).isEqualTo(65536);
        assertThat(s.memory().swapAvailable()).isEqualTo(65536 - 4096);
        assertThat(s.ioPressure().some().total()).isEqualTo(5063544);
        assertThat(s.ioPressure().full()).isNotNull();
        assertThat(s.memoryPressure().some().total()).isZero();
        assertThat(s.cpuPressure()).isNotNull();
        assertThat(s.io().devices()).singleElement().satisfies(d -> {
            assertThat(d.major()).isEqualTo(254);
            assertThat(d.rbytes()).isEqualTo(6553600);
            assertThat(d.rios()).isEqualTo(100);
        });
    }

    @Test
    void stats_withoutSwapAccounting_leaveSwapUnknown() throws Exception {
        Cgroup m = manager.create(CgroupPath.parse("/pod4"), Set.of("memory"));
        for (String f : new String[] {"memory.current", "memory.stat", "memory.events", "memory.max"}) {
            Files.writeString(m.dir().resolve(f), CgroupRoots.sample("v2-linux-6.1/" + f));
        }
        Files.deleteIfExists(m.dir().resolve("memory.swap.current"));
        Files.deleteIfExists(m.dir().resolve("memory.swap.max"));

        CgroupStats s = m.stats();

        assertThat(s.memory().swapCurrent()).isEqualTo(-1);
        assertThat(s.memory().swapAvailable()).isEqualTo(-1);
    }
}
