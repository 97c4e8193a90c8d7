package dev.cortado.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CgroupPathTest {

    @Test
    void parse_kubeletCgroupfsParent_givesSegments() {
        CgroupPath p = CgroupPath.parse("/kubepods/burstable/pod0b0e005c-39ec-4719-bbfe-78aadbc3e4ad");

        assertThat(p.segments()).containsExactly("kubepods", "burstable", "pod0b0e005c-39ec-4719-bbfe-78aadbc3e4ad");
        assertThat(p).hasToString("/kubepods/burstable/pod0b0e005c-39ec-4719-bbfe-78aadbc3e4ad");
    }

    @Test
    void parse_repeatedAndMissingLeadingSlashes_areCollapsed() {
        assertThat(CgroupPath.parse("kubepods//besteffort/")).isEqualTo(CgroupPath.parse("/kubepods/besteffort"));
    }

    @Test
    void parse_slashOnly_isRoot() {
        assertThat(CgroupPath.parse("/").isRoot()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/kubepods/../../etc", "/a/./b", "..", "/a/b\0c", "/a/b\nc"})
    void parse_dotDotDotOrControlCharacters_isRejected(String path) {
        assertThatThrownBy(() -> CgroupPath.parse(path))
                .isInstanceOfSatisfying(
                        CgroupException.class,
                        e -> assertThat(e.reason()).isEqualTo(CgroupException.Reason.INVALID_ARGUMENT));
    }

    @Test
    void resolve_staysUnderRoot() {
        Path root = Path.of("/sys/fs/cgroup");

        assertThat(CgroupPath.parse("/kubepods/pod1").resolve(root)).isEqualTo(Path.of("/sys/fs/cgroup/kubepods/pod1"));
    }

    @Test
    void child_addsValidatedSegment() {
        assertThat(CgroupPath.parse("/kubepods").child("c1")).isEqualTo(CgroupPath.parse("/kubepods/c1"));
        assertThatThrownBy(() -> CgroupPath.parse("/kubepods").child("..")).isInstanceOf(CgroupException.class);
    }

    @Test
    void parent_ofRootIsRoot() {
        assertThat(CgroupPath.ROOT.parent()).isEqualTo(CgroupPath.ROOT);
        assertThat(CgroupPath.parse("/a/b").parent()).isEqualTo(CgroupPath.parse("/a"));
    }
}
