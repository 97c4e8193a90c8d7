package dev.cortado.cgroups.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupException.Reason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourcesMapperTest {

    private static CriLinuxContainerResources cri(long period, long quota, long shares, long mem, long swap) {
        return new CriLinuxContainerResources(
                period,
                quota,
                shares,
                mem,
                -997,
                "0-1",
                "",
                List.of(new HugepageLimit("2MB", 0)),
                Map.of("memory.high", "900"),
                swap);
    }

    @Test
    void fromCri_zeroMeansUnset() {
        Resources r = ResourcesMapper.fromCri(cri(0, 0, 0, 0, 0));

        assertThat(r.cpu()).isEqualTo(CpuResources.NONE);
        assertThat(r.memory()).isEqualTo(MemoryResources.NONE);
        assertThat(r.cpuset()).isEqualTo(new CpusetResources("0-1", null));
        assertThat(r.hugepages()).containsExactly(new HugepageLimit("2MB", 0));
        assertThat(r.unified()).containsEntry("memory.high", "900");
    }

    @Test
    void fromCri_memoryLimitWithoutSwap_disablesSwapLikeContainerd() {
        Resources r = ResourcesMapper.fromCri(cri(100000, 50000, 512, 256L << 20, 0));

        assertThat(r.cpu()).isEqualTo(new CpuResources(512L, 50000L, 100000L, null));
        assertThat(r.memory().limit()).isEqualTo(256L << 20);
        assertThat(r.memory().swap()).isEqualTo(256L << 20);
    }

    @Test
    void fromCri_swapLimit_isMemoryPlusSwap() {
        Resources r = ResourcesMapper.fromCri(cri(0, 0, 0, 100, 300));

        assertThat(r.memory().swap()).isEqualTo(300L);
    }

    @Test
    void fromCri_swapBelowLimit_isInvalidArgument() {
        assertThatThrownBy(() -> ResourcesMapper.fromCri(cri(0, 0, 0, 300, 100)))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessageContaining("at least the memory limit");
    }

    @Test
    void fromOci_mapsEveryV2Field() {
        OciLinuxResources oci = OciLinuxResources.builder()
                .memory(OciLinuxResources.Memory.builder()
                        .limit(1000L)
                        .reservation(500L)
                        .swap(2000L)
                        .disableOOMKiller(false)
                        .build())
                .cpu(OciLinuxResources.Cpu.builder()
                        .shares(1024L)
                        .quota(20000L)
                        .period(100000L)
                        .cpus("0")
                        .mems("0")
                        .idle(0L)
                        .build())
                .pids(0L)
                .blockIO(new OciLinuxResources.BlockIo(
                        100, null, null, List.of(new IoResources.ThrottleDevice(8, 0, 10)), null, null, null))
                .hugepageLimits(List.of(new HugepageLimit("1GB", 0)))
                .rdma(Map.of("mlx5_1", new RdmaLimit(1, 2)))
                .build();

        Resources r = ResourcesMapper.fromOci(oci);

        assertThat(r.memory()).isEqualTo(new MemoryResources(1000L, 500L, 2000L, null, null));
        assertThat(r.cpu()).isEqualTo(new CpuResources(1024L, 20000L, 100000L, 0L));
        assertThat(r.cpuset()).isEqualTo(new CpusetResources("0", "0"));
        assertThat(r.pidsLimit()).as("OCI pids limit 0 means unlimited").isEqualTo(-1L);
        assertThat(r.io().weight()).isEqualTo(100);
        assertThat(r.io().readBps()).containsExactly(new IoResources.ThrottleDevice(8, 0, 10));
        assertThat(r.rdma()).containsEntry("mlx5_1", new RdmaLimit(1, 2));
    }

    @Test
    void fromOci_realtimeCpu_isUnsupportedNotDropped() {
        OciLinuxResources oci = OciLinuxResources.builder()
                .cpu(OciLinuxResources.Cpu.builder()
                        .realtimeRuntime(950000L)
                        .realtimePeriod(1000000L)
                        .build())
                .build();

        assertThatThrownBy(() -> ResourcesMapper.fromOci(oci))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED))
                .hasMessageContaining("realtime");
    }

    @Test
    void fromOci_swappiness_isUnsupported() {
        OciLinuxResources oci = OciLinuxResources.builder()
                .memory(OciLinuxResources.Memory.builder().swappiness(60L).build())
                .build();

        assertThatThrownBy(() -> ResourcesMapper.fromOci(oci)).hasMessageContaining("swappiness");
    }

    @Test
    void fromOci_absentSections_giveNone() {
        assertThat(ResourcesMapper.fromOci(OciLinuxResources.builder().build())).isEqualTo(Resources.NONE);
    }
}
