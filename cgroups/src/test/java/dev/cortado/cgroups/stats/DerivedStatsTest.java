package dev.cortado.cgroups.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DerivedStatsTest {

    @Test
    void workingSet_isCurrentMinusInactiveFile() {
        MemoryUsage m = new MemoryUsage(
                10_000,
                -1,
                -1,
                -1,
                -1,
                new MemoryStat(Map.of("inactive_file", 4_000L)),
                new MemoryEvents(0, 0, 0, 0, 0, 0));

        assertThat(m.workingSet()).isEqualTo(6_000);
    }

    @Test
    void workingSet_neverNegative() {
        assertThat(MemoryUsage.workingSet(1_000, 5_000)).isZero();
    }

    @Test
    void usageNanoCores_halfACoreOverOneSecond() {
        var a = new UsageNanoCores.Sample(1_000_000_000L, 10_000_000_000L);
        var b = new UsageNanoCores.Sample(1_500_000_000L, 11_000_000_000L);

        assertThat(UsageNanoCores.between(a, b)).isEqualTo(500_000_000L);
    }

    @Test
    void usageNanoCores_fromCpuStatMicroseconds() {
        var a = UsageNanoCores.Sample.of(new CpuStat(1_000_000, 0, 0, 0, 0, 0), 0);
        var b = UsageNanoCores.Sample.of(new CpuStat(3_000_000, 0, 0, 0, 0, 0), 1_000_000_000L);

        assertThat(UsageNanoCores.between(a, b)).as("two cores").isEqualTo(2_000_000_000L);
    }

    @Test
    void usageNanoCores_noTimeOrCounterReset_isZero() {
        var a = new UsageNanoCores.Sample(5, 100);

        assertThat(UsageNanoCores.between(a, new UsageNanoCores.Sample(9, 100))).isZero();
        assertThat(UsageNanoCores.between(a, new UsageNanoCores.Sample(1, 200))).isZero();
    }

    @Test
    void swapAvailable_isMaxMinusCurrent_unlimitedOrUnaccountedIsUnknown() {
        MemoryStat none = new MemoryStat(Map.of());
        MemoryEvents events = new MemoryEvents(0, 0, 0, 0, 0, 0);

        assertThat(new MemoryUsage(0, -1, 100, 1_000, -1, none, events).swapAvailable())
                .isEqualTo(900);
        assertThat(new MemoryUsage(0, -1, 2_000, 1_000, -1, none, events).swapAvailable())
                .isZero();
        assertThat(new MemoryUsage(0, -1, 100, -1, -1, none, events).swapAvailable())
                .isEqualTo(-1);
        assertThat(new MemoryUsage(0, -1, -1, 1_000, -1, none, events).swapAvailable())
                .isEqualTo(-1);
    }
}
