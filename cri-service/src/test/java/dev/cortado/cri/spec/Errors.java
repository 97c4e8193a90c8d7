package dev.cortado.cri.spec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts the kind and message of a refusal. */
final class Errors {
    private Errors() {}

    static void assertRefused(ThrowingCallable call, ErrorKind kind, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CortadoException.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.kind()).isEqualTo(kind);
            org.assertj.core.api.Assertions.assertThat(e.getMessage()).contains(messagePart);
        });
    }
}
