package dev.cortado.cgroups.controller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConversionsTest {

    // Values from kubelet's TestCPUSharesToCPUWeight / runc's ConvertCPUSharesToCgroupV2Value.
    @ParameterizedTest
    @CsvSource({"0,0", "2,1", "3,1", "1024,39", "2048,79", "102,4", "262144,10000"})
    void cpuSharesToWeight_matchesRuncAndKubelet(long shares, long weight) {
        assertThat(Conversions.cpuSharesToWeight(shares)).isEqualTo(weight);
    }

    @ParameterizedTest
    @CsvSource({"0,0", "10,1", "500,4950", "1000,10000"})
    void blkioWeightToIoWeight_matchesRunc(long blkio, long io) {
        assertThat(Conversions.blkioWeightToIoWeight(blkio)).isEqualTo(io);
    }

    @Test
    void swapMax_swapEqualToLimit_isZero() {
        assertThat(Conversions.swapMax(100L, 100L)).isZero();
    }

    @Test
    void swapMax_swapAboveLimit_isTheDifference() {
        assertThat(Conversions.swapMax(300L, 100L)).isEqualTo(200L);
    }

    @Test
    void swapMax_minusOne_isMax() {
        assertThat(Conversions.swapMax(-1L, 100L)).isEqualTo(-1L);
    }

    @Test
    void swapMax_unsetWithUnlimitedMemory_isMaxForV1Compatibility() {
        assertThat(Conversions.swapMax(null, -1L)).isEqualTo(-1L);
        assertThat(Conversions.swapMax(0L, -1L)).isEqualTo(-1L);
    }

    @Test
    void swapMax_unset_writesNothing() {
        assertThat(Conversions.swapMax(null, 100L)).isNull();
        assertThat(Conversions.swapMax(null, null)).isNull();
    }
}
