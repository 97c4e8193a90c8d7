package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StdioOwnerTest {

    @Test
    void writeTo_addsOneRecordWithUidAndGid() {
        byte[] plan = new StdioOwner(1000, 100).writeTo(new PlanWriter()).toBytes();

        assertThat(new String(plan, StandardCharsets.UTF_8)).endsWith("\nstdio-owner 2\n4:1000\n3:100\n");
    }

    @Test
    void negativeUid_isInvalidArgument() {
        assertThatThrownBy(() -> new StdioOwner(-1, 0))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("-1:0")
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void negativeGid_isInvalidArgument() {
        assertThatThrownBy(() -> new StdioOwner(0, -5))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("0:-5");
    }
}
