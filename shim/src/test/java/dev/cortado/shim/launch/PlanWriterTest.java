package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlanWriterTest {

    @Test
    void toBytes_lengthPrefixesEveryArgument() {
        byte[] plan = new PlanWriter().add("hostname", "box").add("nnp").toBytes();

        assertThat(new String(plan, StandardCharsets.UTF_8))
                .isEqualTo("cortado-plan 1\n1:1\nhostname 1\n3:box\nnnp 0\n");
    }

    @Test
    void toBytes_keepsSeparatorsInsideAValue() {
        byte[] plan = new PlanWriter()
                .add("sysctl", "kernel/shm_rmid_forced", "1\n+kernel.core_pattern=|/x")
                .toBytes();

        assertThat(new String(plan, StandardCharsets.UTF_8))
                .endsWith("sysctl 2\n22:kernel/shm_rmid_forced\n26:1\n+kernel.core_pattern=|/x\n");
    }

    @Test
    void add_nulByte_isRejected() {
        assertThatThrownBy(() -> new PlanWriter().add("cwd", "/a\0b"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("NUL");
    }
}
