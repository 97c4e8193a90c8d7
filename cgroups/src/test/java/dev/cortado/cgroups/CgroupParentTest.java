package dev.cortado.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cgroups.CgroupParent.Driver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CgroupParentTest {

    @Test
    void parse_systemdPodSlice_expandsOneSlicePerDashPrefix() {
        CgroupPath p = CgroupParent.parse("kubepods-burstable-pod0b0e005c_39ec.slice", Driver.SYSTEMD);

        assertThat(p).hasToString("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0b0e005c_39ec.slice");
    }

    @Test
    void parse_topLevelSlice_isOneSegment() {
        assertThat(CgroupParent.parse("kubepods.slice", Driver.SYSTEMD)).hasToString("/kubepods.slice");
    }

    @Test
    void parse_rootSlice_isRoot() {
        assertThat(CgroupParent.parse("-.slice", Driver.SYSTEMD).isRoot()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "kubepods",
                "/kubepods.slice",
                "kubepods--x.slice",
                "-kubepods.slice",
                "kubepods-.slice",
                ".slice"
            })
    void parse_malformedSlice_isInvalidArgument(String slice) {
        assertThatThrownBy(() -> CgroupParent.parse(slice, Driver.SYSTEMD))
                .isInstanceOfSatisfying(
                        CgroupException.class,
                        e -> assertThat(e.reason()).isEqualTo(CgroupException.Reason.INVALID_ARGUMENT))
                .hasMessageContaining(slice);
    }

    @Test
    void parse_cgroupfsParent_isThePathItself() {
        assertThat(CgroupParent.parse("/kubepods/besteffort/pod1", Driver.CGROUPFS))
                .hasToString("/kubepods/besteffort/pod1");
    }

    @Test
    void systemdContainerPath_slicePrefixName_givesScopeInSlice() {
        CgroupPath p = CgroupParent.systemdContainerPath("kubepods-besteffort-pod1.slice:cri-containerd:abc123");

        assertThat(p)
                .hasToString(
                        "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1.slice/cri-containerd-abc123.scope");
    }

    @Test
    void systemdContainerPath_withoutThreeParts_isRejected() {
        assertThatThrownBy(() -> CgroupParent.systemdContainerPath("kubepods.slice:abc"))
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("slice:prefix:name");
    }
}
