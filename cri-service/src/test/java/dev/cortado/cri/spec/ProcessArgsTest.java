package dev.cortado.cri.spec;

import static dev.cortado.cri.spec.Errors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.errors.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessArgsTest {
    private static final ImageConfig IMAGE = image(List.of("/entry.sh"), List.of("serve", "--port=80"));

    private static ImageConfig image(List<String> entrypoint, List<String> cmd) {
        return ImageConfig.builder().entrypoint(entrypoint).cmd(cmd).build();
    }

    @Test
    void nothingFromCri_runsEntrypointAndCmd() {
        assertThat(ProcessArgs.resolve(List.of(), List.of(), IMAGE)).containsExactly("/entry.sh", "serve", "--port=80");
    }

    @Test
    void criArgs_replaceCmdOnly() {
        assertThat(ProcessArgs.resolve(List.of(), List.of("debug"), IMAGE)).containsExactly("/entry.sh", "debug");
    }

    @Test
    void criCommand_replacesEntrypointAndDropsCmd() {
        assertThat(ProcessArgs.resolve(List.of("top"), List.of(), IMAGE)).containsExactly("top");
        assertThat(ProcessArgs.resolve(List.of("sh", "-c"), List.of("echo hi"), IMAGE))
                .containsExactly("sh", "-c", "echo hi");
    }

    @Test
    void entrypointOfOneEmptyString_isReset() {
        assertThat(ProcessArgs.resolve(List.of(), List.of(), image(List.of(""), List.of("sh"))))
                .containsExactly("sh");
    }

    @Test
    void noCommandAnywhere_isInvalidArgument() {
        assertRefused(
                () -> ProcessArgs.resolve(List.of(), List.of(), ImageConfig.EMPTY),
                ErrorKind.INVALID_ARGUMENT,
                "no command specified");
        assertRefused(
                () -> ProcessArgs.resolve(List.of(), List.of(), image(List.of(""), List.of())),
                ErrorKind.INVALID_ARGUMENT,
                "no command specified");
    }
}
