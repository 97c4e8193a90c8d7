package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.cgroups.HierarchyDetector;
import dev.cortado.cgroups.resources.OciLinuxResources;
import dev.cortado.errors.CortadoException;
import dev.cortado.shim.spec.DefaultSpec;
import dev.cortado.shim.spec.LinuxSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Privileged: {@code linux.resources} limits go through the cgroups library; where the host's
 * hierarchy has no controller for a limit (the unified tree of a hybrid host has none), create
 * fails naming the controller and the mode, and makes nothing.
 */
class ContainerResourcesTest extends PrivilegedLauncherFixture {
    private static final long LIMIT = 64L << 20;
    private Spec spec;

    @BeforeEach
    void setUp() {
        spec = containers.inCgroup(
                withMemoryLimit(DefaultSpec.of(rootfs.toString(), List.of("cat", "/sys/fs/cgroup/memory.max"))));
    }

    private static boolean hostHasMemoryController() {
        return HierarchyDetector.forHost().detect().hasController("memory");
    }

    @Test
    void memoryLimit_withoutMemoryController_failsNamingControllerAndMode() {
        assumeFalse(hostHasMemoryController(), "the host's cgroup2 tree has a memory controller");
        String mode = HierarchyDetector.forHost().detect().mode().label();

        assertThatThrownBy(() -> containers.create(spec))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("memory limits (memory.max) needs the cgroup v2 memory controller")
                .hasMessageContaining("cgroup mode " + mode);
        assertThat(Host.CGROUP2.resolve(spec.linux().cgroupsPath().substring(1)))
                .doesNotExist();
    }

    @Test
    @Tag("vm")
    void memoryLimit_withMemoryController_isWrittenBeforeTheContainerRuns() throws Exception {
        assumeTrue(
                hostHasMemoryController(),
                "needs a cgroup2 memory controller (this host is hybrid: " + "the VM suite runs it)");

        Containers.Result r = containers.run(spec);

        assertThat(r.stdout().trim()).isEqualTo(Long.toString(LIMIT));
        assertThat(Files.readString(cgroupDir().resolve("memory.max")).trim()).isEqualTo(Long.toString(LIMIT));
    }

    @Test
    @Tag("vm")
    void memoryLimit_oomKillsAContainerThatExceedsIt_andTheCgroupCountsTheKill() throws Exception {
        assumeTrue(hostHasMemoryController(), "needs a cgroup2 memory controller (the VM suite runs it)");
        // a shell variable of 3x the limit: the kernel's OOM killer ends the shell inside its cgroup
        Spec hog = spec.withProcess(DefaultSpec.of(
                        rootfs.toString(),
                        List.of("sh", "-c", "a=$(head -c " + 3 * LIMIT + " /dev/zero | tr '\\0' x); echo survived"))
                .process());

        Containers.Result r = containers.run(hog);

        assertThat(r.stdout()).doesNotContain("survived");
        assertThat(r.code()).isEqualTo(137);
        assertThat(Files.readAllLines(cgroupDir().resolve("memory.events")))
                .anySatisfy(l -> assertThat(l).matches("oom_kill [1-9][0-9]*"));
    }

    private java.nio.file.Path cgroupDir() {
        return Host.CGROUP2.resolve(spec.linux().cgroupsPath().substring(1));
    }

    private static Spec withMemoryLimit(Spec s) {
        LinuxSpec l = s.linux();
        LinuxSpec.Resources limited = LinuxSpec.Resources.builder()
                .devices(l.resources().devices())
                .memory(OciLinuxResources.Memory.builder().limit(LIMIT).build())
                .build();
        return s.withLinux(l.withResources(limited));
    }
}
