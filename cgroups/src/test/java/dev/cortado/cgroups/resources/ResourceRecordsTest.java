package dev.cortado.cgroups.resources;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cgroups.CgroupException;
import org.junit.jupiter.api.Test;

class ResourceRecordsTest {

    @Test
    void cpuShares_outOfKernelRange_isRejected() {
        assertThatThrownBy(() -> new CpuResources(1L, null, null, null))
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("cpu shares");
    }

    @Test
    void cpuPeriod_outOfKernelRange_isRejected() {
        assertThatThrownBy(() -> new CpuResources(null, null, 999L, null)).hasMessageContaining("cpu period");
    }

    @Test
    void cpuset_withNewline_isRejected() {
        assertThatThrownBy(() -> new CpusetResources("0-1\n2", null)).hasMessageContaining("cpu list");
    }

    @Test
    void swap_withoutMemoryLimit_isRejected() {
        assertThatThrownBy(() -> new MemoryResources(null, null, 100L, null, null))
                .hasMessageContaining("needs a memory limit");
    }

    @Test
    void hugepageSize_thatIsNotAFileNamePart_isRejected() {
        assertThatThrownBy(() -> new HugepageLimit("../2MB", 0)).hasMessageContaining("hugepage size");
    }

    @Test
    void negativeMemoryOtherThanMinusOne_isRejected() {
        assertThatThrownBy(() -> new MemoryResources(-2L, null, null, null, null))
                .hasMessageContaining("memory limit");
    }
}
