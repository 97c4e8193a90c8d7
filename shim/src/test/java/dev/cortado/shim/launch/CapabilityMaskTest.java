package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.spec.DefaultSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilityMaskTest {

    @Test
    void of_defaultSet_isContainerdsMask() {
        // the CapEff that `docker run` / containerd containers show in /proc/self/status
        assertThat(CapabilityMask.of(DefaultSpec.CAPABILITIES)).isEqualTo(0xa80425fbL);
    }

    @Test
    void of_acceptsNamesWithoutPrefixInAnyCase() {
        assertThat(CapabilityMask.of(List.of("net_admin", "CAP_SYS_ADMIN"))).isEqualTo((1L << 12) | (1L << 21));
    }

    @Test
    void of_unknownName_isInvalid() {
        assertThatThrownBy(() -> CapabilityMask.of(List.of("CAP_WHATEVER")))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("CAP_WHATEVER");
    }
}
