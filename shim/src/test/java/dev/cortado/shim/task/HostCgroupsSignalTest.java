package dev.cortado.shim.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.cgroups.HierarchyDetector;
import dev.cortado.cgroups.RealCgroupFs;
import dev.cortado.cgroups.control.CgroupManager;
import dev.cortado.cgroups.control.Signaller;
import dev.cortado.cgroups.control.Ticker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kill all against a real cgroup v2 directory: needs root and a cgroup2 mount. */
class HostCgroupsSignalTest {
    private static final Path CGROUP2 = Files.exists(Path.of("/sys/fs/cgroup/unified/cgroup.procs"))
            ? Path.of("/sys/fs/cgroup/unified")
            : Path.of("/sys/fs/cgroup");
    private final String name = "cortado-test-" + UUID.randomUUID();
    private Process first;
    private Process second;
    private HostCgroups cgroups;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: makes a cgroup");
        assumeTrue(Files.exists(CGROUP2.resolve("cgroup.procs")), "needs a cgroup2 mount");
        Files.createDirectories(CGROUP2.resolve(name).resolve("child"));
        first = new ProcessBuilder("sleep", "1000").start();
        second = new ProcessBuilder("sleep", "1000").start();
        Files.writeString(CGROUP2.resolve(name).resolve("cgroup.procs"), Long.toString(first.pid()));
        Files.writeString(CGROUP2.resolve(name).resolve("child/cgroup.procs"), Long.toString(second.pid()));
        cgroups = new HostCgroups(
                new CgroupManager(
                        new RealCgroupFs(),
                        HierarchyDetector.forHost().detect(),
                        Ticker.system(),
                        Signaller.processHandles()),
                new dev.cortado.shim.bootstrap.SyscallSignals(new dev.cortado.shim.linux.LibcSyscalls()));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : new Process[] {first, second}) {
            if (p != null) {
                p.destroyForcibly().waitFor();
            }
        }
        Files.deleteIfExists(CGROUP2.resolve(name).resolve("child"));
        Files.deleteIfExists(CGROUP2.resolve(name));
    }

    @Test
    void signalAll_reachesProcessesInNestedCgroups() throws Exception {
        cgroups.signalAll("/" + name, 15);

        assertThat(first.waitFor()).isEqualTo(143);
        assertThat(second.waitFor()).isEqualTo(143);
    }

    @Test
    void signalAllWithSigkill_emptiesTheCgroup() throws Exception {
        cgroups.signalAll("/" + name, 9);

        assertThat(first.waitFor()).isEqualTo(137);
        assertThat(second.waitFor()).isEqualTo(137);
        assertThat(cgroups.pids("/" + name)).isEmpty();
    }
}
