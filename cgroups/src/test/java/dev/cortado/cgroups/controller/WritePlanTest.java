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
    private static final Hierarchy V2 = new Hierarchy(
            CgroupMode.UNIFIED, Path.of("/sys/fs/cgroup"), Set.of("cpu", "memory", "pids", "io", "cpuset", "hugetlb"));
    private static final Hierarchy HYBRID =
            new Hierarchy(CgroupMode.HYBRID, Path.of("/sys/fs/cgroup/unified"), Set.of("hugetlb"));

    @Test
    void plan_ordersControllersThenUnifiedLast() {
        Resources r = Resources.NONE
                .withMemory(new MemoryResources(1000L, null, null, null, null))
                .withCpu(new CpuResources(2L, null, null, null))
                .withUnified(Map.of("memory.max", "2000"));

        WritePlan p = WritePlan.of(r, V2);

        assertThat(p.writes()).extracting(Write::file).containsExactly("cpu.weight", "memory.max", "memory.max");
        assertThat(p.writes().get(2).value()).isEqualTo("2000");
        assertThat(p.controllers()).containsExactlyInAnyOrder("cpu", "memory");
    }

    @Test
    void plan_memoryLimitInHybridMode_isUnsupportedNamingControllerAndMode() {
        Resources r = Resources.NONE.withMemory(new MemoryResources(1000L, null, null, null, null));

        assertThatThrownBy(() -> WritePlan.of(r, HYBRID))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED))
                .hasMessageContaining("memory controller")
                .hasMessageContaining("cgroup mode hybrid");
    }

    @Test
    void plan_defaultCpuSharesInHybridMode_needsNoController() {
        // ctr and kubelet send the v1 default of 1024 shares; that constrains nothing
        Resources r = Resources.NONE.withCpu(new CpuResources(1024L, null, null, null));

        assertThat(WritePlan.of(r, HYBRID).writes()).isEmpty();
        assertThat(WritePlan.of(r, V2).writes())
                .extracting(Write::file, Write::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cpu.weight", "39"));
    }

    @Test
    void plan_realCpuSharesInHybridMode_isStillUnsupported() {
        Resources r = Resources.NONE.withCpu(new CpuResources(512L, null, null, null));

        assertThatThrownBy(() -> WritePlan.of(r, HYBRID))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED))
                .hasMessageContaining("cpu controller");
    }

    @Test
    void plan_noLimits_isEmptyEverywhere() {
        assertThat(WritePlan.of(Resources.NONE, HYBRID).writes()).isEmpty();
    }

    @Test
    void lenientPlan_hybrid_dropsEachUnenforceableLimitWithItsReason() {
        // containerd's CRI gives its pause container cpu.shares 2: cpu.weight 1
        Resources r = Resources.NONE
                .withCpu(new CpuResources(2L, 50000L, 100000L, null))
                .withMemory(new MemoryResources(1000L, null, null, null, null))
                .withUnified(Map.of("memory.high", "900", "hugetlb.2MB.max", "0"));

        WritePlan p = WritePlan.lenient(r, HYBRID);

        assertThat(p.dropped())
                .extracting(DroppedLimit::file, DroppedLimit::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("cpu.weight", "1"),
                        org.assertj.core.groups.Tuple.tuple("cpu.max", "50000 100000"),
                        org.assertj.core.groups.Tuple.tuple("memory.max", "1000"),
                        org.assertj.core.groups.Tuple.tuple("memory.high", "900"));
        assertThat(p.dropped().get(0).reason())
                .isEqualTo("the cgroup v2 cpu controller is not available in cgroup mode"
                        + " hybrid at /sys/fs/cgroup/unified (available: hugetlb)");
        // what the hierarchy can enforce is still written
        assertThat(p.writes()).extracting(Write::file).containsExactly("hugetlb.2MB.max");
        assertThat(p.controllers()).containsExactly("hugetlb");
    }

    @Test
    void lenientPlan_defaultsOnly_dropsNothing() {
        Resources r = Resources.NONE.withCpu(new CpuResources(1024L, null, null, null));

        assertThat(WritePlan.lenient(r, HYBRID).dropped()).isEmpty();
        assertThat(WritePlan.lenient(r, HYBRID).writes()).isEmpty();
    }

    @Test
    void lenientPlan_everyControllerThere_equalsTheStrictPlan() {
        Resources r = Resources.NONE
                .withMemory(new MemoryResources(1000L, null, null, null, null))
                .withCpu(new CpuResources(2L, null, null, null));

        assertThat(WritePlan.lenient(r, V2)).isEqualTo(WritePlan.of(r, V2));
    }

    @Test
    void lenientPlan_malformedUnifiedKey_isStillInvalid() {
        Resources r = Resources.NONE.withUnified(Map.of("../memory.max", "1"));

        assertThatThrownBy(() -> WritePlan.lenient(r, HYBRID))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT));
    }
}
