package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountFlagsTest {

    @Test
    void parse_flagsPropagationAndDataAreSeparated() {
        MountFlags f = MountFlags.parse("tmpfs", List.of("nosuid", "ro", "mode=755", "rslave", "size=65536k"));

        assertThat(f.flags()).isEqualTo(2 | 1);
        assertThat(f.propagation()).isEqualTo((1L << 19) | 16384);
        assertThat(f.data()).isEqualTo("mode=755,size=65536k");
    }

    @Test
    void parse_rbindWithRw_isRecursiveWritableBind() {
        MountFlags f = MountFlags.parse("none", List.of("rbind", "ro", "rw"));

        assertThat(f.bind()).isTrue();
        assertThat(f.flags()).isEqualTo(4096 | 16384);
    }

    @Test
    void parse_bindType_impliesBind() {
        assertThat(MountFlags.parse("bind", List.of()).bind()).isTrue();
    }

    @Test
    void parse_recursiveReadOnly_isRefusedUntilSupported() {
        assertThatThrownBy(() -> MountFlags.parse("bind", List.of("rro")))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("rro");
    }

    @Test
    void recognized_areParsedNeverPassedAsData() {
        // what -info advertises as mountOptions must be options parse acts on itself
        assertThat(MountFlags.recognized()).contains("bind", "ro", "nosuid", "rslave", "defaults");
        for (String option : MountFlags.recognized()) {
            assertThat(MountFlags.parse("none", List.of(option)).data())
                    .as(option)
                    .isEmpty();
        }
    }

    @Test
    void recognized_leavesOutRefusedOptions() {
        for (String option : List.of("rro", "rrw", "idmap", "ridmap", "tmpcopyup")) {
            assertThat(MountFlags.recognized()).doesNotContain(option);
            assertThatThrownBy(() -> MountFlags.parse("bind", List.of(option))).isInstanceOf(CortadoException.class);
        }
    }

    @Test
    void rootPropagation_defaultsToRslave() {
        assertThat(MountFlags.rootPropagation(null)).isEqualTo((1L << 19) | 16384);
    }
}
