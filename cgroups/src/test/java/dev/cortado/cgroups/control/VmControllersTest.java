package dev.cortado.cgroups.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupException.Reason;
import dev.cortado.cgroups.CgroupMode;
import dev.cortado.cgroups.RealCgroupFs;
import dev.cortado.cgroups.resources.CpuResources;
import dev.cortado.cgroups.resources.CpusetResources;
import dev.cortado.cgroups.resources.HugepageLimit;
import dev.cortado.cgroups.resources.IoResources;
import dev.cortado.cgroups.resources.IoResources.ThrottleDevice;
import dev.cortado.cgroups.resources.MemoryResources;
import dev.cortado.cgroups.resources.Resources;
import dev.cortado.cgroups.stats.StatFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Limits enforced by a real kernel with every controller: runs only inside the cgroup2-vm.sh VM
 * ({@code -Dcortado.cgroups.vm=true}, see src/test/vm/run-vm-suite.sh). The VM is emulated
 * (15-30x slower), so waits are long; nothing asserts on durations.
 */
@Tag("vm")
@SuppressWarnings("try") // the watcher is closed by try-with-resources, not used in the body
class VmControllersTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final Set<String> ALL = Set.of("cpu", "cpuset", "memory", "pids", "io", "hugetlb");
    RealCgroupFixture fx;

    @BeforeEach
    void setUp(TestInfo info) {
        assumeTrue(Boolean.getBoolean("cortado.cgroups.vm"), "only inside the cgroup2 VM (-Dcortado.cgroups.vm=true)");
        fx = new RealCgroupFixture(info.getTestMethod().orElseThrow().getName(), new RealCgroupFs(), ALL);
        assumeTrue(fx.hierarchy.mode() == CgroupMode.UNIFIED, "needs a pure cgroup v2 hierarchy");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    private String read(String file) throws Exception {
        return Files.readString(fx.cgroup().dir().resolve(file)).trim();
    }

    private static String spareDisk() throws Exception {
        return Files.readString(Path.of("/sys/block/vda/dev")).trim(); // "254:0"
    }

    @Test
    void everyController_writesReadBackAsTheKernelStoresThem() throws Exception {
        String[] disk = spareDisk().split(":");
        Resources r = Resources.builder()
                .cpu(new CpuResources(1024L, 50000L, 100000L, null))
                .cpuset(new CpusetResources("0", "0"))
                .memory(new MemoryResources(64L << 20, 16L << 20, 64L << 20, null, true))
                .pidsLimit(50L)
                .hugepages(List.of(new HugepageLimit("2MB", 0)))
                .io(IoResources.NONE
                        .withWeight(500)
                        .withReadBps(new ThrottleDevice(Long.parseLong(disk[0]), Long.parseLong(disk[1]), 1 << 20)))
                .unified(Map.of("memory.high", Long.toString(48L << 20)))
                .build();

        fx.cgroup().update(r);

        assertThat(read("cpu.weight")).isEqualTo("39");
        assertThat(read("cpu.max")).isEqualTo("50000 100000");
        assertThat(read("cpuset.cpus")).isEqualTo("0");
        assertThat(read("memory.max")).isEqualTo(Long.toString(64L << 20));
        assertThat(read("memory.low")).isEqualTo(Long.toString(16L << 20));
        assertThat(read("memory.high")).isEqualTo(Long.toString(48L << 20));
        assertThat(read("memory.swap.max")).isEqualTo("0");
        assertThat(read("memory.oom.group")).isEqualTo("1");
        assertThat(read("pids.max")).isEqualTo("50");
        assertThat(read("hugetlb.2MB.max")).isEqualTo("0");
        assertThat(read("io.max")).isEqualTo(spareDisk() + " rbps=1048576 wbps=max riops=max wiops=max");
        assertThat(read("io.weight")).startsWith("default 4950");
    }

    @Test
    void update_kernelRejectsOneValue_restoresTheEarlierWrites() throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        Resources r = Resources.NONE
                .withCpu(new CpuResources(1024L, 50000L, 100000L, null))
                .withUnified(Map.of("cpuset.cpus", Integer.toString(cpus + 5))); // no such CPU: EINVAL

        assertThatThrownBy(() -> fx.cgroup().update(r))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IO))
                .hasMessageContaining("cpuset.cpus")
                .hasMessageContaining("restored 2 earlier writes");
        assertThat(read("cpu.weight")).isEqualTo("100");
        assertThat(read("cpu.max")).isEqualTo("max 100000");
    }

    @Test
    void create_childOfACgroupWithProcesses_failsOnTheNoInternalProcessRule() throws Exception {
        Process p = fx.start("exec sleep 600");
        Cgroup parent = fx.manager.create(fx.path.child("busy"), Set.of());
        parent.addProcess(p.pid());

        assertThatThrownBy(() -> fx.manager.create(fx.path.child("busy").child("c1"), Set.of("memory")))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FAILED_PRECONDITION))
                .hasMessageContaining("no-internal-process");
    }

    @Test
    void memoryMax_processExceedingIt_isOomKilledAndTheWatcherSeesIt() throws Exception {
        fx.cgroup().update(Resources.NONE.withMemory(new MemoryResources(32L << 20, null, 32L << 20, null, null)));
        List<CgroupEvent> events = new CopyOnWriteArrayList<>();
        try (EventsWatcher w = fx.cgroup().watch(events::add, Duration.ofSeconds(1), true)) {
            Process p = fx.startHeld("exec python3 -c \"b = b'x' * (256 << 20)\"");
            fx.cgroup().addProcess(p.pid());
            RealCgroupFixture.release(p);

            assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e instanceof CgroupEvent.OomKill));
            await().atMost(WAIT).until(() -> events.contains(new CgroupEvent.Empty()));
        }
        CgroupStats s = fx.cgroup().stats();
        assertThat(s.memory().events().oomKill()).isGreaterThanOrEqualTo(1);
        assertThat(s.memoryPressure().some().total())
                .as("reclaim stalls show in memory PSI")
                .isPositive();
    }

    @Test
    void cpuMax_busyLoop_isThrottled() throws Exception {
        fx.cgroup().update(Resources.NONE.withCpu(new CpuResources(null, 10000L, 100000L, null)));
        Process p = fx.startHeld("while :; do :; done");
        fx.cgroup().addProcess(p.pid());
        RealCgroupFixture.release(p);

        await().atMost(WAIT).until(() -> fx.cgroup().stats().cpu().nrThrottled() > 0);
        CgroupStats s = fx.cgroup().stats();
        assertThat(s.cpu().throttledUsec()).isPositive();
        assertThat(s.cpuPressure()).isNotNull();
    }

    @Test
    void stats_allocationGrowsTheWorkingSet_andABusyLoopUsesAboutOneCore() throws Exception {
        Process hog = fx.startHeld("exec python3 -c \"import time; b = b'x' * (48 << 20); print('held', flush=True); "
                + "time.sleep(600)\"");
        fx.cgroup().addProcess(hog.pid());
        long before = fx.cgroup().stats().memory().workingSet();
        RealCgroupFixture.release(hog);
        assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(hog.getInputStream())).readLine())
                .isEqualTo("held");
        long after = fx.cgroup().stats().memory().workingSet();
        assertThat(after - before)
                .as("48 MiB allocated: working set %d -> %d", before, after)
                .isGreaterThanOrEqualTo(40L << 20);
        hog.destroyForcibly().waitFor();

        Process burner = fx.startHeld("while :; do :; done");
        fx.cgroup().addProcess(burner.pid());
        RealCgroupFixture.release(burner);
        CgroupStats first = fx.cgroup().stats();
        Thread.sleep(3000);
        CgroupStats second = fx.cgroup().stats();
        long nanoCores = dev.cortado.cgroups.stats.UsageNanoCores.between(
                dev.cortado.cgroups.stats.UsageNanoCores.Sample.of(first.cpu(), first.timestampNanos()),
                dev.cortado.cgroups.stats.UsageNanoCores.Sample.of(second.cpu(), second.timestampNanos()));
        // one busy shell is at most one core; the emulated VM shares its vcpus with this JVM
        assertThat(nanoCores).as("usage_nano_cores of one busy loop").isBetween(500_000_000L, 1_100_000_000L);
    }

    @Test
    void pidsMax_refusesAFork() throws Exception {
        fx.cgroup().update(Resources.NONE.withPidsLimit(1L));
        Process p = fx.startHeld("/bin/true; echo forked $?");
        fx.cgroup().addProcess(p.pid());
        RealCgroupFixture.release(p);

        assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(out).doesNotContain("forked 0");
        assertThat(StatFiles.flatKeyed(read("pids.events"), "pids.events").get("max"))
                .isPositive();
    }

    @Test
    void ioMax_onTheSpareDisk_limitsReadsThatIoStatCounts() throws Exception {
        String[] disk = spareDisk().split(":");
        fx.cgroup()
                .update(Resources.NONE.withIo(IoResources.NONE.withReadBps(
                        new ThrottleDevice(Long.parseLong(disk[0]), Long.parseLong(disk[1]), 1 << 20))));
        Process p = fx.startHeld("dd if=/dev/vda of=/dev/null bs=64k count=32 iflag=direct 2>&1");
        fx.cgroup().addProcess(p.pid());
        RealCgroupFixture.release(p);

        assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        String disk2 = spareDisk();
        var dev = fx.cgroup().stats().io().devices().stream()
                .filter(d -> (d.major() + ":" + d.minor()).equals(disk2))
                .findFirst()
                .orElseThrow();
        assertThat(dev.rbytes()).isGreaterThanOrEqualTo(32 * 65536);
        assertThat(read("io.max")).startsWith(spareDisk() + " rbps=1048576");
    }
}
