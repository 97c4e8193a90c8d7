package dev.cortado.cgroups.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupException.Reason;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnifiedValidatorTest {
    private static final Set<String> ALL = Set.of("cpu", "memory", "pids", "io");

    @Test
    void validEntries_areWrittenVerbatim() {
        var w = UnifiedValidator.writes(Map.of("memory.high", "1073741824", "memory.oom.group", "1"), ALL, "unified");

        assertThat(w)
                .extracting(Write::file, Write::value)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("memory.high", "1073741824"),
                        org.assertj.core.groups.Tuple.tuple("memory.oom.group", "1"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"../memory.max", "memory/../../etc/passwd", "memory.max/x", "", "memory", ".max", "memory."})
    void keyThatIsNotAControllerFileName_isInvalidArgument(String key) {
        assertThatThrownBy(() -> UnifiedValidator.writes(Map.of(key, "1"), ALL, "unified"))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cgroup.procs", "cgroup.threads", "cgroup.subtree_control", "cgroup.kill"})
    void coreFilesThatMoveOrKillProcesses_areRejected(String key) {
        assertThatThrownBy(() -> UnifiedValidator.writes(Map.of(key, "1"), ALL, "unified"))
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining(key);
    }

    @Test
    void coreLimitFile_isAllowed() {
        assertThat(UnifiedValidator.writes(Map.of("cgroup.max.descendants", "10"), ALL, "unified"))
                .hasSize(1);
    }

    @Test
    void controllerNotAvailable_isUnsupportedNamingControllerAndMode() {
        assertThatThrownBy(() -> UnifiedValidator.writes(Map.of("hugetlb.2MB.max", "0"), ALL, "hybrid"))
                .isInstanceOfSatisfying(
                        CgroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED))
                .hasMessageContaining("hugetlb controller")
                .hasMessageContaining("cgroup mode hybrid");
    }

    @Test
    void valueWithNul_isRejected() {
        assertThatThrownBy(() -> UnifiedValidator.writes(Map.of("memory.high", "1\0"), ALL, "unified"))
                .isInstanceOf(CgroupException.class);
    }
}
