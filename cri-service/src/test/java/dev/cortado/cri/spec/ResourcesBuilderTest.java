package dev.cortado.cri.spec;

import static dev.cortado.cri.spec.Errors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.HugepageLimit;
import dev.cortado.api.cri.v1.LinuxContainerResources;
import dev.cortado.errors.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourcesBuilderTest {
    private static OciLinux.Resources build(LinuxContainerResources.Builder r) {
        return ResourcesBuilder.build(true, r.build(), List.of(OciLinux.DeviceRule.DENY_ALL));
    }

    @Test
    void noResources_onlyDeviceRules_andOomInherited() {
        OciLinux.Resources r = ResourcesBuilder.build(false, LinuxContainerResources.getDefaultInstance(), List.of());
        assertThat(r.memory()).isNull();
        assertThat(r.cpu()).isNull();
        assertThat(ResourcesBuilder.oomScoreAdj(
                        false, LinuxContainerResources.getDefaultInstance(), RuntimeOptions.defaults()))
                .isNull();
    }

    @Test
    void memoryLimitWithoutSwap_meansNoSwap() {
        OciLinux.Resources r = build(LinuxContainerResources.newBuilder().setMemoryLimitInBytes(1 << 30));
        assertThat(r.memory().limit()).isEqualTo(1L << 30);
        assertThat(r.memory().swap()).isEqualTo(1L << 30);
        assertThat(build(LinuxContainerResources.newBuilder()
                                .setMemoryLimitInBytes(1 << 30)
                                .setMemorySwapLimitInBytes(3L << 30))
                        .memory()
                        .swap())
                .isEqualTo(3L << 30);
    }

    @Test
    void zeroMeansUnset() {
        OciLinux.Resources r = build(LinuxContainerResources.newBuilder().setCpuShares(2));
        assertThat(r.memory()).isNull();
        assertThat(r.cpu().shares()).isEqualTo(2);
        assertThat(r.cpu().quota()).isNull();
        assertThat(r.cpu().cpus()).isNull();
    }

    @Test
    void valuesTheCgroupsLibraryRefuses_areInvalidAtCreate() {
        assertRefused(
                () -> build(LinuxContainerResources.newBuilder().setCpuShares(1)),
                ErrorKind.INVALID_ARGUMENT,
                "invalid container resources");
        assertRefused(
                () -> build(LinuxContainerResources.newBuilder().setCpusetCpus("0-a")),
                ErrorKind.INVALID_ARGUMENT,
                "cpu list");
        assertRefused(
                () -> build(LinuxContainerResources.newBuilder()
                        .addHugepageLimits(
                                HugepageLimit.newBuilder().setPageSize("2M").setLimit(1))),
                ErrorKind.INVALID_ARGUMENT,
                "hugepage size");
        assertRefused(
                () -> build(LinuxContainerResources.newBuilder()
                        .setMemoryLimitInBytes(2 << 20)
                        .setMemorySwapLimitInBytes(1 << 20)),
                ErrorKind.INVALID_ARGUMENT,
                "swap");
    }

    @Test
    void oomScoreAdj_rangeAndRestriction() {
        var r = LinuxContainerResources.newBuilder().setOomScoreAdj(-999).build();
        assertThat(ResourcesBuilder.oomScoreAdj(true, r, RuntimeOptions.defaults()))
                .isEqualTo(-999);
        assertThat(ResourcesBuilder.oomScoreAdj(
                        true,
                        r,
                        RuntimeOptions.builder().restrictOomScoreAdj(true, -500).build()))
                .isEqualTo(-500);
        assertThat(ResourcesBuilder.oomScoreAdj(
                        true, LinuxContainerResources.getDefaultInstance(), RuntimeOptions.defaults()))
                .isZero();
        assertRefused(
                () -> ResourcesBuilder.oomScoreAdj(
                        true,
                        LinuxContainerResources.newBuilder()
                                .setOomScoreAdj(1001)
                                .build(),
                        RuntimeOptions.defaults()),
                ErrorKind.INVALID_ARGUMENT,
                "oom_score_adj");
    }
}
