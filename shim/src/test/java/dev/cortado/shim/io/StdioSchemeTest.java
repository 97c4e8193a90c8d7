package dev.cortado.shim.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import org.junit.jupiter.api.Test;

class StdioSchemeTest {
    @Test
    void knownSchemes_areThoseOfContainerdsRuncShim() {
        assertThat(StdioScheme.of("")).isEqualTo(StdioScheme.FIFO);
        assertThat(StdioScheme.of("/run/containerd/fifo/1/c1-stdout")).isEqualTo(StdioScheme.FIFO);
        assertThat(StdioScheme.of("/run/odd://name")).isEqualTo(StdioScheme.FIFO);
        assertThat(StdioScheme.of("file:///var/log/c1.log")).isEqualTo(StdioScheme.FILE);
        assertThat(StdioScheme.of("binary:///usr/bin/logger?a=b")).isEqualTo(StdioScheme.BINARY);
        assertThat(StdioScheme.of("BINARY:///usr/bin/logger")).isEqualTo(StdioScheme.BINARY);
        assertThat(StdioScheme.of("attachablebinary:///usr/bin/logger")).isEqualTo(StdioScheme.ATTACHABLE_BINARY);
    }

    @Test
    void unknownScheme_isInvalidArgumentNamingTheScheme() {
        StdioPaths paths = new StdioPaths("", "binary-v2:///usr/bin/logger", "binary-v2:///usr/bin/logger", false);

        assertThatThrownBy(paths::requireSupported).isInstanceOfSatisfying(CortadoException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
            assertThat(e.getMessage()).isEqualTo("unknown STDIO scheme binary-v2");
        });
    }

    @Test
    void unknownSchemeOnStdin_isInvalidArgumentToo() {
        assertThatThrownBy(new StdioPaths("syslog://host", "", "", false)::requireSupported)
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("syslog");
    }
}
