package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.cgroups.HierarchyDetector;
import dev.cortado.cgroups.controller.DroppedLimit;
import dev.cortado.cgroups.resources.OciLinuxResources;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.options.LimitPolicy;
import dev.cortado.shim.spec.LinuxSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Privileged: containerd's CRI gives its sandbox (pause) container {@code cpu.shares} 2, which is
 * {@code cpu.weight} 1. Where the cgroup2 tree has no cpu controller (this hybrid host), REFUSE
 * fails create and WARN runs the container without it, reporting it; where it has one (the VM
 * suite), WARN drops nothing and writes the weight.
 */
class UnenforceableLimitsContainerTest extends PrivilegedLauncherFixture {
    private static final LaunchOptions WARN = new LaunchOptions(Optional.empty(), Optional.empty(), LimitPolicy.WARN);
    private Spec pause;

    @BeforeEach
    void setUp() {
        pause = containers.inCgroup(withCpuShares(shell("cat /proc/self/cgroup"), 2L));
    }

    private static boolean hostHasCpuController() {
        return HierarchyDetector.forHost().detect().hasController("cpu");
    }

    @Test
    void sandboxCpuShares_withoutCpuController_refusedByDefault() {
        assumeFalse(hostHasCpuController(), "the host's cgroup2 tree has a cpu controller");

        assertThatThrownBy(() -> containers.create(pause))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessageContaining("cpu limits (cpu.weight) needs the cgroup v2 cpu controller");
    }

    @Test
    void sandboxCpuShares_withoutCpuController_underWarn_runsAndReportsTheDroppedWeight() throws Exception {
        assumeFalse(hostHasCpuController(), "the host's cgroup2 tree has a cpu controller");

        Launcher.Launched l = containers.launch(pause, WARN);
        Containers.Result r = containers.finish(l.monitor());

        assertThat(r.code()).isZero();
        assertThat(r.stdout()).contains("0::/");
        assertThat(l.droppedLimits())
                .extracting(DroppedLimit::controller, DroppedLimit::file, DroppedLimit::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cpu", "cpu.weight", "1"));
        assertThat(l.droppedLimits().get(0).reason()).contains("cpu controller is not available in cgroup mode");
    }

    @Test
    @Tag("vm")
    void sandboxCpuShares_withCpuController_underWarn_isWrittenAndNothingDropped() throws Exception {
        assumeTrue(hostHasCpuController(), "needs a cgroup2 cpu controller (the VM suite runs it)");

        Launcher.Launched l = containers.launch(pause, WARN);
        Containers.Result r = containers.finish(l.monitor());

        assertThat(r.code()).isZero();
        assertThat(l.droppedLimits()).isEmpty();
        assertThat(Files.readString(Host.CGROUP2
                                .resolve(pause.linux().cgroupsPath().substring(1))
                                .resolve("cpu.weight"))
                        .trim())
                .isEqualTo("1");
    }

    private static Spec withCpuShares(Spec s, long shares) {
        LinuxSpec l = s.linux();
        LinuxSpec.Resources limited = LinuxSpec.Resources.builder()
                .devices(l.resources().devices())
                .cpu(OciLinuxResources.Cpu.builder().shares(shares).build())
                .build();
        return s.withLinux(l.withResources(limited));
    }
}
