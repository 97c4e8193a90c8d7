package dev.cortado.cgroups.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cgroups.resources.CpuResources;
import dev.cortado.cgroups.resources.CpusetResources;
import dev.cortado.cgroups.resources.HugepageLimit;
import dev.cortado.cgroups.resources.IoResources;
import dev.cortado.cgroups.resources.IoResources.ThrottleDevice;
import dev.cortado.cgroups.resources.IoResources.WeightDevice;
import dev.cortado.cgroups.resources.MemoryResources;
import dev.cortado.cgroups.resources.RdmaLimit;
import dev.cortado.cgroups.resources.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControllersTest {

    private static List<String> pairs(List<Write> writes) {
        return writes.stream().map(w -> w.file() + "=" + w.value()).toList();
    }

    @Test
    void cpu_sharesQuotaPeriodIdle_giveWeightMaxIdle() {
        Resources r = Resources.NONE.withCpu(new CpuResources(1024L, 50000L, 100000L, 1L));

        assertThat(pairs(new CpuController().writes(r)))
                .containsExactly("cpu.weight=39", "cpu.max=50000 100000", "cpu.idle=1");
    }

    @Test
    void cpu_unlimitedQuotaWithPeriod_isMaxWithPeriod() {
        Resources r = Resources.NONE.withCpu(new CpuResources(null, -1L, 100000L, null));

        assertThat(pairs(new CpuController().writes(r))).containsExactly("cpu.max=max 100000");
    }

    @Test
    void cpu_quotaWithoutPeriod_keepsKernelPeriod() {
        Resources r = Resources.NONE.withCpu(new CpuResources(null, 20000L, null, null));

        assertThat(pairs(new CpuController().writes(r))).containsExactly("cpu.max=20000");
    }

    @Test
    void cpu_nothingSet_writesNothing() {
        assertThat(new CpuController().writes(Resources.NONE)).isEmpty();
    }

    @Test
    void cpuset_cpusAndMems_areWrittenVerbatim() {
        Resources r =
                Resources.builder().cpuset(new CpusetResources("0-1,3", "0")).build();

        assertThat(pairs(new CpusetController().writes(r))).containsExactly("cpuset.cpus=0-1,3", "cpuset.mems=0");
    }

    @Test
    void memory_limitAndSwap_writeSwapDifferenceFirst() {
        Resources r = Resources.NONE.withMemory(new MemoryResources(100L << 20, null, 300L << 20, null, null));

        assertThat(pairs(new MemoryController().writes(r)))
                .containsExactly("memory.swap.max=" + (200L << 20), "memory.max=" + (100L << 20));
    }

    @Test
    void memory_swapEqualToLimit_disablesSwapButMayBeSkippedWithoutSwapAccounting() {
        Resources r = Resources.NONE.withMemory(new MemoryResources(1000L, null, 1000L, null, null));

        List<Write> w = new MemoryController().writes(r);

        assertThat(pairs(w)).containsExactly("memory.swap.max=0", "memory.max=1000");
        assertThat(w.get(0).skipIfMissing()).isTrue();
        assertThat(w.get(1).skipIfMissing()).isFalse();
    }

    @Test
    void memory_unlimited_setsMaxForMemoryAndSwap() {
        Resources r = Resources.NONE.withMemory(new MemoryResources(-1L, null, null, null, null));

        assertThat(pairs(new MemoryController().writes(r))).containsExactly("memory.swap.max=max", "memory.max=max");
    }

    @Test
    void memory_reservationHighOomGroup_mapToLowHighOomGroup() {
        Resources r = Resources.NONE.withMemory(new MemoryResources(null, 4096L, null, 8192L, true));

        assertThat(pairs(new MemoryController().writes(r)))
                .containsExactly("memory.low=4096", "memory.high=8192", "memory.oom.group=1");
    }

    @Test
    void pids_limitAndUnlimited() {
        assertThat(pairs(new PidsController().writes(Resources.NONE.withPidsLimit(42L))))
                .containsExactly("pids.max=42");
        assertThat(pairs(new PidsController().writes(Resources.NONE.withPidsLimit(-1L))))
                .containsExactly("pids.max=max");
    }

    @Test
    void hugetlb_onePerPageSize() {
        Resources r = Resources.builder()
                .hugepages(List.of(new HugepageLimit("2MB", 4L << 20), new HugepageLimit("1GB", 0)))
                .build();

        assertThat(pairs(new HugetlbController().writes(r)))
                .containsExactly("hugetlb.2MB.max=" + (4L << 20), "hugetlb.1GB.max=0");
    }

    @Test
    void io_weightAndThrottles_oneWritePerDeviceAndKey() {
        IoResources io = new IoResources(
                500,
                List.of(new WeightDevice(8, 0, 1000)),
                List.of(new ThrottleDevice(8, 0, 1048576)),
                List.of(new ThrottleDevice(8, 16, 0)),
                List.of(new ThrottleDevice(254, 0, 120)),
                List.of());

        assertThat(pairs(new IoController().writes(Resources.NONE.withIo(io))))
                .containsExactly(
                        "io.weight=default 4950",
                        "io.weight=8:0 10000",
                        "io.max=8:0 rbps=1048576",
                        "io.max=8:16 wbps=max",
                        "io.max=254:0 riops=120");
    }

    @Test
    void rdma_unsetLimitIsMax() {
        Resources r = Resources.builder()
                .rdma(Map.of("mlx4_0", new RdmaLimit(2, null)))
                .build();

        assertThat(pairs(new RdmaController().writes(r)))
                .containsExactly("rdma.max=mlx4_0 hca_handle=2 hca_object=max");
    }
}
