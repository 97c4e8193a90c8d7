package dev.cortado.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

/** Errors mean what they say: only a deliberate kind reaches the client as the client's fault. */
class GrpcErrorsTest {

    @Test
    void deliberateInvalidArgument_isInvalidArgumentWithItsMessage() {
        Status s = GrpcErrors.toStatus(CortadoException.invalidArgument("container name %s is empty", "x"));

        assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(s.getDescription()).isEqualTo("container name x is empty");
    }

    @Test
    void illegalArgumentFromInsideCortado_isInternalNotTheClientsFault() {
        Status s = GrpcErrors.toStatus(new IllegalArgumentException("write target must be a file name"));

        assertThat(s.getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(s.getCause()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numberFormatException_isInternalToo() {
        assertThat(GrpcErrors.toStatus(new NumberFormatException("For input string: \"x\""))
                        .getCode())
                .isEqualTo(Status.Code.INTERNAL);
    }

    @Test
    void everyKind_keepsItsCodeBothWays() {
        for (ErrorKind kind : ErrorKind.values()) {
            if (kind.code() == 0) {
                continue;
            }
            Status s = GrpcErrors.toStatus(new CortadoException(kind, "m"));
            assertThat(GrpcErrors.kindOf(s)).isEqualTo(kind);
        }
    }
}
