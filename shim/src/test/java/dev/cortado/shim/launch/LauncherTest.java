package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cgroups.resources.OciLinuxResources;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.linux.RecordingSyscalls;
import dev.cortado.shim.spec.DefaultSpec;
import dev.cortado.shim.spec.LinuxSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {
    @TempDir
    Path tmp;
    // pipes come out as plan {3,4} and report {5,6}; the log is 7 and /dev/null 8
    private final RecordingSyscalls sys = new RecordingSyscalls();
    private Launcher launcher;

    @org.junit.jupiter.api.BeforeEach
    void setUp() throws java.io.IOException {
        java.nio.file.Files.createDirectory(tmp.resolve("cgroup")); // a cgroup2 root always exists
        launcher = new Launcher(
                sys, new PlanBuilder(p -> new byte[8], tmp.resolve("cgroup")), Path.of("/opt/cortado-init"));
    }

    private static Spec spec(List<String> args) {
        Spec s = DefaultSpec.of("/rootfs", args);
        return s.withLinux(s.linux().withCgroupsPath("/pod/c1"));
    }

    @Test
    void create_spawnsInitWithPlanAndReportFds_andReapsTheIntermediate() {
        sys.script(5, "ok 1234\n");

        launcher.create("c1", spec(List.of("true")), tmp.resolve("s"));

        assertThat(sys.calls)
                .contains("spawn /proc/self/fd/5 [cortado-init, c1] {0=8, 1=7, 2=7, 3=3, 4=6, 5=100}", "waitpid 4242");
        assertThat(sys.written.get(4).toString()).startsWith("cortado-plan 1\n1:1\nstatedir ");
        assertThat(sys.calls).contains("close 3", "close 4", "close 5", "close 6");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"attach", "pipe", "open", "spawn", "report"})
    void createFailingAfterTheCgroupIsMade_removesItAndClosesEveryFd(String step) {
        if (step.equals("report")) {
            sys.script(5, "error mount proc: no such device\n");
        } else {
            sys.failing.add(step);
            sys.script(5, "ok 1234\n");
        }

        assertThatThrownBy(() -> launcher.create("c1", spec(List.of("true")), tmp.resolve("s")))
                .isInstanceOf(CortadoException.class);

        assertThat(tmp.resolve("cgroup/pod/c1")).doesNotExist();
        assertThat(sys.openFds).as("fds left open").isEmpty();
    }

    @Test
    void create_withStdioOwner_sendsItInThePlan() {
        sys.script(5, "ok 1234\n");

        launcher.create(
                "c1",
                spec(List.of("true")),
                tmp.resolve("s"),
                new LaunchOptions(java.util.Optional.of(new StdioOwner(1000, 100)), java.util.Optional.empty()));

        assertThat(sys.written.get(4).toString()).contains("\nstdio-owner 2\n4:1000\n3:100\n");
    }

    @Test
    void create_withoutStdioOwner_leavesThePipesToRoot() {
        sys.script(5, "ok 1234\n");

        launcher.create("c1", spec(List.of("true")), tmp.resolve("s"));

        assertThat(sys.written.get(4).toString()).startsWith("cortado-plan 1\n").doesNotContain("stdio-owner");
    }

    @Test
    void create_runsInitFromOneSealedCopyForEveryContainer() {
        sys.script(5, "ok 1234\n");
        sys.script(11, "ok 1235\n");

        launcher.create("c1", spec(List.of("true")), tmp.resolve("s1"));
        launcher.create("c2", spec(List.of("true")), tmp.resolve("s2"));

        assertThat(sys.calls).containsOnlyOnce("sealed-copy /opt/cortado-init");
        assertThat(sys.calls.stream().filter(c -> c.startsWith("spawn ")))
                .allSatisfy(
                        c -> assertThat(c).startsWith("spawn /proc/self/fd/5 ").endsWith("5=100}"));
    }

    @Test
    void create_attachesTheDeviceFilterBeforeSpawning() {
        sys.script(5, "ok 1234\n");

        launcher.create("c1", spec(List.of("true")), tmp.resolve("s"));

        assertThat(sys.calls.get(0)).startsWith("attach " + tmp.resolve("cgroup/pod/c1"));
        assertThat(tmp.resolve("cgroup/pod/c1")).isDirectory();
    }

    @Test
    void create_deviceRulesWithoutCgroup_areRefused() {
        assertThatThrownBy(() -> launcher.create("c1", DefaultSpec.of("/rootfs", List.of("true")), tmp.resolve("s")))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("cgroupsPath");
    }

    @Test
    void create_errorReport_isFailedPreconditionWithTheMessage() {
        sys.script(5, "error create container: mount destination /proc is a symlink: ELOOP\n");

        assertThatThrownBy(() -> launcher.create("c1", spec(List.of("true")), tmp.resolve("s")))
                .isInstanceOf(CortadoException.class)
                .hasMessage("create container c1: create container: mount destination /proc is a symlink: ELOOP")
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.FAILED_PRECONDITION);
    }

    @Test
    void create_initDiesSilently_saysSo() {
        assertThatThrownBy(() -> launcher.create("c1", spec(List.of("true")), tmp.resolve("s")))
                .hasMessageContaining("without a report");
    }

    @Test
    void create_memoryLimitWithoutMemoryController_failsNamingControllerAndModeBeforeAnythingIsMade() {
        Spec s = spec(List.of("true"));
        LinuxSpec.Resources limited = LinuxSpec.Resources.builder()
                .devices(s.linux().resources().devices())
                .memory(OciLinuxResources.Memory.builder().limit(64L << 20).build())
                .build();
        Spec withLimit = s.withLinux(LinuxSpec.builder()
                .namespaces(s.linux().namespaces())
                .cgroupsPath(s.linux().cgroupsPath())
                .resources(limited)
                .build());

        assertThatThrownBy(() -> launcher.create("c1", withLimit, tmp.resolve("s")))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("cgroup of container c1: memory limits (memory.max) needs the cgroup v2 memory"
                        + " controller, which is not available in cgroup mode unified")
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.FAILED_PRECONDITION);
        assertThat(tmp.resolve("cgroup/pod")).doesNotExist();
        assertThat(tmp.resolve("s")).doesNotExist();
        assertThat(sys.calls).noneMatch(c -> c.startsWith("spawn") || c.startsWith("attach"));
    }

    @Test
    void create_invalidSpec_spawnsNothing() {
        assertThatThrownBy(() -> launcher.create("c1", spec(List.of()), tmp.resolve("s")))
                .isInstanceOf(CortadoException.class);
        assertThat(sys.calls).isEmpty();
    }
}
