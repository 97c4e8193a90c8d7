package dev.cortado.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HierarchyDetectorTest {
    @TempDir
    Path base;

    @Test
    void detect_cgroup2AtBase_isUnifiedWithRootControllers() throws Exception {
        CgroupRoots.unified(base, "cpuset cpu io memory hugetlb pids rdma misc");

        Hierarchy h = new HierarchyDetector(new RealCgroupFs(), base).detect();

        assertThat(h.mode()).isEqualTo(CgroupMode.UNIFIED);
        assertThat(h.root()).isEqualTo(base);
        assertThat(h.controllers())
                .containsExactlyInAnyOrder("cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc");
    }

    @Test
    void detect_cgroup2UnderUnified_isHybrid() throws Exception {
        Path unified = CgroupRoots.hybrid(base);
        Files.writeString(unified.resolve("cgroup.controllers"), "hugetlb\n");

        Hierarchy h = new HierarchyDetector(new RealCgroupFs(), base).detect();

        assertThat(h.mode()).isEqualTo(CgroupMode.HYBRID);
        assertThat(h.root()).isEqualTo(unified);
        assertThat(h.controllers()).containsExactly("hugetlb");
    }

    @Test
    void detect_noCgroup2_isNoneWithoutControllers() {
        Hierarchy h = new HierarchyDetector(new RealCgroupFs(), base).detect();

        assertThat(h.mode()).isEqualTo(CgroupMode.NONE);
        assertThat(h.controllers()).isEmpty();
    }

    @Test
    void requireController_missingInHybrid_namesControllerAndMode() throws Exception {
        CgroupRoots.hybrid(base);
        Hierarchy h = new HierarchyDetector(new RealCgroupFs(), base).detect();

        assertThatThrownBy(() -> h.requireController("memory", "memory limits"))
                .isInstanceOfSatisfying(
                        CgroupException.class,
                        e -> assertThat(e.reason()).isEqualTo(CgroupException.Reason.UNSUPPORTED))
                .hasMessageContaining("memory controller")
                .hasMessageContaining("cgroup mode hybrid");
    }

    @Test
    void requireController_modeNone_saysNoHierarchy() {
        Hierarchy h = new HierarchyDetector(new RealCgroupFs(), base).detect();

        assertThatThrownBy(() -> h.requireController("pids", "pids limits"))
                .hasMessageContaining("pids controller")
                .hasMessageContaining("cgroup mode none");
    }
}
