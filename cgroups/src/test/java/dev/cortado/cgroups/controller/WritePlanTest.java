package dev.cortado.cgroups.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupException.Reason;
import dev.cortado.cgroups.CgroupMode;
import dev.cortado.cgroups.Hierarchy;
import dev.cortado.cgroups.resources.CpuResources;
import dev.cortado.cgroups.resources.MemoryResources;
import dev.cortado.cgroups.resources.Resources;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WritePlanTest {
    private static final Hierarchy V2 = new Hierarchy(CgroupMode.UNIFIED, Path.of("/sys/fs/cgroup"),
            Set.of("cpu", "memory", "pids", "io", "cpuset", "hugetlb"));
    private static final Hierarchy HYBRID = new Hierarchy(CgroupMode.HYBRID, Path.of("/sys/fs/cgroup/unified"),
            Set.of("hugetlb"));

    @Test
    void plan_ordersControllersThenUnifiedLast() {
        Resources r = Resources.NONE.withMemory(new MemoryResources(1000L, null, null, null, null))
                .withCpu(new CpuResources(2L, null, null, null)).withUnified(Map.of("memory.max", "2000"));

        WritePlan p = WritePlan.of(r, V2);

        assertThat(p.writes()).extracting(Write::file).containsExactly("cpu.weight", "memory.max", "memory.max");
        assertThat(p.writes().get(2).value()).isEqualTo("2000");
        assertThat(p.controllers()).containsExactlyInAnyOrder("cpu", "memory");
    }

    @Test
    void plan_memoryLimitInHybridMode_isUnsupportedNamingControllerAndMode() {
        Resources r = Resources.NONE.withMemory(new MemoryResources(1000L, null, null, null, null));

        assertThatThrownBy(() -> WritePlan.of(r, HYBRID))
                .isInstanceOfSatisfying(CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED))
                .hasMessageContaining("memory controller").hasMessageContaining("cgroup mode hybrid");
    }

    @Test
    void plan_defaultCpuSharesInHybridMode_needsNoController() {
        // ctr and kubelet send the v1 default of 1024 shares; that constrains nothing
        Resources r = Resources.NONE.withCpu(new CpuResources(1024L, null, null, null));

        assertThat(WritePlan.of(r, HYBRID).writes()).isEmpty();
        assertThat(WritePlan.of(r, V2).writes()).extracting(Write::file, Write::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cpu.weight", "39"));
    }

    @Test
    void plan_realCpuSharesInHybridMode_isStillUnsupported() {
        Resources r = Resources.NONE.withCpu(new CpuResources(512L, null, null, null));

        assertThatThrownBy(() -> WritePlan.of(r, HYBRID))
                .isInstanceOfSatisfying(CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED))
                .hasMessageContaining("cpu controller");
    }

    @Test
    void plan_noLimits_isEmptyEverywhere() {
        assertThat(WritePlan.of(Resources.NONE, HYBRID).writes()).isEmpty();
    }
}
