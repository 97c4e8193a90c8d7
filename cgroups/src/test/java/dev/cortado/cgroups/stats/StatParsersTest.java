package dev.cortado.cgroups.stats;

import static dev.cortado.cgroups.CgroupRoots.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cgroups.CgroupException;
import org.junit.jupiter.api.Test;

class StatParsersTest {
    private static final String V2 = "v2-linux-6.1/";
    private static final String HYBRID = "hybrid-linux-6.18/";

    @Test
    void cpuStat_v2WithCpuController_hasThrottlingCounters() throws Exception {
        CpuStat s = CpuStat.parse(sample(V2 + "cpu.stat"));

        assertThat(s).isEqualTo(new CpuStat(31827423, 29501790, 2325633, 696, 626, 33837667));
    }

    @Test
    void cpuStat_hybridWithoutCpuController_hasZeroThrottling() throws Exception {
        CpuStat s = CpuStat.parse(sample(HYBRID + "cpu.stat"));

        assertThat(s.usageUsec()).isPositive();
        assertThat(s.nrPeriods()).isZero();
        assertThat(s.nrThrottled()).isZero();
    }

    @Test
    void cpuStat_withoutUsage_isMalformed() {
        assertThatThrownBy(() -> CpuStat.parse("user_usec 1\n"))
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("cpu.stat");
    }

    @Test
    void memoryStat_keepsEveryKeyAndNamesTheCriOnes() throws Exception {
        MemoryStat s = MemoryStat.parse(sample(V2 + "memory.stat"));

        assertThat(s.values()).containsKeys("anon", "file", "kernel", "inactive_file", "pgfault", "pgmajfault");
        assertThat(s.file()).isEqualTo(217088);
        assertThat(s.get("no_such_key")).isZero();
    }

    @Test
    void memoryEvents_parsesOomAndOomKill() {
        MemoryEvents e = MemoryEvents.parse("low 0\nhigh 3\nmax 12\noom 2\noom_kill 1\noom_group_kill 0\n");

        assertThat(e).isEqualTo(new MemoryEvents(0, 3, 12, 2, 1, 0));
    }

    @Test
    void memoryEvents_realSample_isAllZero() throws Exception {
        assertThat(MemoryEvents.parse(sample(V2 + "memory.events"))).isEqualTo(new MemoryEvents(0, 0, 0, 0, 0, 0));
    }

    @Test
    void singleValues_numbersAndMax() throws Exception {
        assertThat(StatFiles.singleValue(sample(V2 + "memory.current"), "memory.current"))
                .isEqualTo(454656);
        assertThat(StatFiles.singleValue(sample(V2 + "memory.peak"), "memory.peak"))
                .isEqualTo(1253376);
        assertThat(StatFiles.singleValue(sample(V2 + "memory.swap.max"), "memory.swap.max"))
                .isEqualTo(StatFiles.MAX);
        assertThat(PidsStat.parse(sample(V2 + "pids.current"), sample(V2 + "pids.max")))
                .isEqualTo(new PidsStat(0, 100));
    }

    @Test
    void ioStat_realSample_oneDevice() throws Exception {
        IoStat s = IoStat.parse(sample(V2 + "io.stat"));

        assertThat(s.devices()).containsExactly(new IoStat.Device(254, 0, 6553600, 0, 100, 0, 0, 0));
    }

    @Test
    void ioStat_kernelDocsSample_twoDevices() throws Exception {
        IoStat s = IoStat.parse(sample("kernel-docs/io.stat"));

        assertThat(s.devices()).hasSize(2);
        assertThat(s.devices().get(1))
                .isEqualTo(new IoStat.Device(8, 0, 90430464, 299008000, 8950, 1252, 50331648, 3021));
    }

    @Test
    void psi_someAndFull() throws Exception {
        Psi p = Psi.parse(sample(V2 + "cpu.pressure"), "cpu.pressure");

        assertThat(p.some()).isEqualTo(new Psi.PsiData(35.33, 30.78, 9.66, 31805968));
        assertThat(p.full().total()).isEqualTo(31805049);
    }

    @Test
    void psi_everyRealFile_parses() throws Exception {
        for (String f : new String[] {
            V2 + "io.pressure",
            V2 + "memory.pressure",
            HYBRID + "cpu.pressure",
            HYBRID + "io.pressure",
            HYBRID + "memory.pressure"
        }) {
            assertThat(Psi.parse(sample(f), f).full()).as(f).isNotNull();
        }
    }

    @Test
    void psi_cpuBeforeLinux513_hasNoFullLine() throws Exception {
        assertThat(Psi.parse(sample("kernel-docs/cpu.pressure-before-5.13"), "cpu.pressure")
                        .full())
                .isNull();
    }

    @Test
    void psi_missingField_isMalformed() {
        assertThatThrownBy(() -> Psi.parse("some avg10=0.00 avg60=0.00 total=0\n", "io.pressure"))
                .hasMessageContaining("io.pressure");
    }

    @Test
    void cgroupEvents_populatedAndFrozen() throws Exception {
        assertThat(CgroupEvents.parse(sample(V2 + "cgroup.events"))).isEqualTo(new CgroupEvents(false, false));
        assertThat(CgroupEvents.parse("populated 1\nfrozen 1\n")).isEqualTo(new CgroupEvents(true, true));
    }

    @Test
    void hugetlb_currentMaxAndFailcnt() throws Exception {
        HugetlbStat h = HugetlbStat.parse(
                "2MB",
                sample(V2 + "hugetlb.2MB.current"),
                sample(V2 + "hugetlb.2MB.max"),
                sample(V2 + "hugetlb.2MB.events"));

        assertThat(h).isEqualTo(new HugetlbStat("2MB", 0, -1, 0));
    }
}
