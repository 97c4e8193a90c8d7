package dev.cortado.cgroups.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupException.Reason;
import dev.cortado.cgroups.CgroupPath;
import dev.cortado.cgroups.CgroupRoots;
import dev.cortado.cgroups.FakeCgroupFs;
import dev.cortado.cgroups.HierarchyDetector;
import dev.cortado.cgroups.resources.CpuResources;
import dev.cortado.cgroups.resources.MemoryResources;
import dev.cortado.cgroups.resources.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupManagerTest {
    @TempDir
    Path base;

    final FakeCgroupFs fs = FakeCgroupFs.withV2ControllerFiles();
    final FakeTicker ticker = new FakeTicker();

    private CgroupManager v2() throws Exception {
        CgroupRoots.unified(base, "cpuset cpu io memory hugetlb pids");
        return new CgroupManager(fs, new HierarchyDetector(fs, base).detect(), ticker, pid -> {});
    }

    private static final Resources LIMITS = Resources.NONE
            .withMemory(new MemoryResources(64L << 20, null, 64L << 20, null, null))
            .withPidsLimit(100L);

    @Test
    void create_enablesNeededControllersInEveryAncestorAndWritesLimits() throws Exception {
        Cgroup cg = v2().create(CgroupPath.parse("/kubepods/pod1"), LIMITS);

        assertThat(Files.readString(base.resolve("cgroup.subtree_control")).trim())
                .isEqualTo("memory pids");
        assertThat(Files.readString(base.resolve("kubepods/cgroup.subtree_control"))
                        .trim())
                .isEqualTo("memory pids");
        assertThat(Files.readString(cg.dir().resolve("cgroup.subtree_control"))).isBlank();
        assertThat(Files.readString(cg.dir().resolve("memory.max"))).isEqualTo(Long.toString(64L << 20));
        assertThat(Files.readString(cg.dir().resolve("memory.swap.max"))).isEqualTo("0");
        assertThat(Files.readString(cg.dir().resolve("pids.max"))).isEqualTo("100");
    }

    @Test
    void create_limitWithoutControllerInHybridMode_failsNamingControllerAndModeAndCreatesNothing() throws Exception {
        Path unified = CgroupRoots.hybrid(base);
        CgroupManager m = new CgroupManager(fs, new HierarchyDetector(fs, base).detect(), ticker, pid -> {});

        assertThatThrownBy(() -> m.create(CgroupPath.parse("/kubepods/pod1"), LIMITS))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED))
                .hasMessageContaining("memory controller")
                .hasMessageContaining("cgroup mode hybrid");
        assertThat(unified.resolve("kubepods")).doesNotExist();
        assertThat(fs.writes()).isEmpty();
    }

    @Test
    void create_writeFails_removesTheNewCgroup() throws Exception {
        CgroupManager m = v2();
        fs.failWrites("pids.max", 1);

        assertThatThrownBy(() -> m.create(CgroupPath.parse("/pod1"), LIMITS)).hasMessageContaining("pids.max");
        assertThat(base.resolve("pod1")).doesNotExist();
    }

    @Test
    void update_writeFails_restoresEarlierWritesAndNamesTheFailedFile() throws Exception {
        CgroupManager m = v2();
        Cgroup cg = m.create(CgroupPath.parse("/pod1"), Set.of("cpu", "memory", "pids"));
        fs.failWrites("pids.max", 1);

        Resources r = LIMITS.withCpu(new CpuResources(1024L, 50000L, 100000L, null));
        assertThatThrownBy(() -> cg.update(r))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IO))
                .hasMessageContaining("pids.max")
                .hasMessageContaining("restored 4 earlier writes");
        assertThat(Files.readString(cg.dir().resolve("memory.max")).trim()).isEqualTo("max");
        assertThat(Files.readString(cg.dir().resolve("cpu.max")).trim()).isEqualTo("max 100000");
        assertThat(Files.readString(cg.dir().resolve("cpu.weight")).trim()).isEqualTo("100");
    }

    @Test
    void update_controllerNotEnabledForCgroup_failsBeforeAnyWrite() throws Exception {
        CgroupManager m = v2();
        Cgroup cg = m.create(CgroupPath.parse("/pod1"), Set.of("memory"));
        int before = fs.writes().size();

        assertThatThrownBy(() -> cg.update(LIMITS))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED))
                .hasMessageContaining("pids controller is not enabled");
        assertThat(fs.writes()).hasSize(before);
    }

    @Test
    void update_noSwapAccounting_skipsDisablingSwap() throws Exception {
        CgroupManager m = v2();
        Cgroup cg = m.create(CgroupPath.parse("/pod1"), Set.of("memory"));
        Files.delete(cg.dir().resolve("memory.swap.max"));

        cg.update(Resources.NONE.withMemory(new MemoryResources(4096L, null, 4096L, null, null)));

        assertThat(Files.readString(cg.dir().resolve("memory.max"))).isEqualTo("4096");
    }

    @Test
    void update_newIoDeviceThenFailure_resetsThatDeviceToMax() throws Exception {
        CgroupManager m = v2();
        Cgroup cg = m.create(CgroupPath.parse("/pod1"), Set.of("io", "pids"));
        fs.failWrites("pids.max", 1);
        Resources r = Resources.NONE
                .withUnified(java.util.Map.of("pids.max", "5"))
                .withIo(dev.cortado.cgroups.resources.IoResources.NONE.withReadBps(
                        new dev.cortado.cgroups.resources.IoResources.ThrottleDevice(8, 0, 1024)));

        assertThatThrownBy(() -> cg.update(r)).hasMessageContaining("pids.max");

        assertThat(fs.writes())
                .last()
                .isEqualTo(new FakeCgroupFs.Recorded(
                        cg.dir().resolve("io.max"), "8:0 rbps=max wbps=max riops=max wiops=max"));
    }

    @Test
    void create_parentWithOwnProcesses_cannotDelegateAndSaysWhy() throws Exception {
        CgroupManager m = v2();
        m.create(CgroupPath.parse("/other"), Set.of("memory")); // root delegates memory already
        m.create(CgroupPath.parse("/pod1"), Set.of());
        Files.writeString(base.resolve("pod1/cgroup.procs"), "77\n");
        fs.failWrites("cgroup.subtree_control", 1); // the kernel's EBUSY

        assertThatThrownBy(() -> m.create(CgroupPath.parse("/pod1/c1"), Set.of("memory")))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FAILED_PRECONDITION))
                .hasMessageContaining("no-internal-process");
    }

    @Test
    void open_throughSymlink_isRejected(@TempDir Path elsewhere) throws Exception {
        CgroupManager m = v2();
        Files.createSymbolicLink(base.resolve("evil"), elsewhere);

        assertThatThrownBy(() -> m.open(CgroupPath.parse("/evil")))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessageContaining("symlink");
        assertThatThrownBy(() -> m.create(CgroupPath.parse("/evil/child"), Set.of()))
                .hasMessageContaining("symlink");
        assertThat(elsewhere.resolve("child")).doesNotExist();
    }

    @Test
    void open_missing_isNotFound() throws Exception {
        assertThatThrownBy(() -> v2().open(CgroupPath.parse("/nope")))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @Test
    void delete_removesChildrenFirstAndRetriesWhileBusy() throws Exception {
        CgroupManager m = v2();
        m.create(CgroupPath.parse("/pod1/c1"), Set.of());
        m.create(CgroupPath.parse("/pod1/c2"), Set.of());
        fs.failRmdir(3);

        m.delete(CgroupPath.parse("/pod1"), Duration.ofSeconds(5));

        assertThat(base.resolve("pod1")).doesNotExist();
        assertThat(ticker.sleeps).hasSize(3);
    }

    @Test
    void delete_processesNeverLeave_failsNamingThem() throws Exception {
        CgroupManager m = v2();
        Cgroup cg = m.create(CgroupPath.parse("/pod1"), Set.of());
        Files.writeString(cg.dir().resolve("cgroup.procs"), "4242\n");

        assertThatThrownBy(() -> m.delete(CgroupPath.parse("/pod1"), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FAILED_PRECONDITION))
                .hasMessageContaining("4242");
    }

    @Test
    void delete_alreadyGone_succeeds() throws Exception {
        v2().delete(CgroupPath.parse("/never/created"), Duration.ofSeconds(1));
    }

    @Test
    void delete_root_isRefused() throws Exception {
        CgroupManager m = v2();
        assertThatThrownBy(() -> m.delete(CgroupPath.ROOT, Duration.ofSeconds(1)))
                .hasMessageContaining("root");
    }
}
