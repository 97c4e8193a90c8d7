package dev.cortado.cri.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShimBinaryTest {
    @TempDir
    Path dir;

    @Test
    void runtimeType_takesTheLastTwoParts_asContainerdsBinaryName() {
        assertThat(ShimBinary.nameOf("io.containerd.runc.v2")).isEqualTo("containerd-shim-runc-v2");
        assertThat(ShimBinary.nameOf("io.containerd.cortado.v2")).isEqualTo("containerd-shim-cortado-v2");
        assertThat(ShimBinary.nameOf("io.containerd.runsc.v1")).isEqualTo("containerd-shim-runsc-v1");
        assertThat(ShimBinary.nameOf("kata.v2")).isEqualTo("containerd-shim-kata-v2");
    }

    @Test
    void typeWithoutTwoParts_isInvalidArgument() {
        for (String bad : new String[] {"runc", "", ".runc.v2", "io.containerd.runc.", "io..v2"}) {
            assertThatThrownBy(() -> ShimBinary.nameOf(bad))
                    .as(bad)
                    .isInstanceOf(CortadoException.class)
                    .extracting(e -> ((CortadoException) e).kind())
                    .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        }
    }

    @Test
    void resolve_findsTheBinaryInPath_thenRuntimePathWins() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Path shim = executable(b.resolve("containerd-shim-runc-v2"));
        assertThat(ShimBinary.resolve("io.containerd.runc.v2", Optional.empty(), a + ":" + b))
                .isEqualTo(shim);
        Path custom = executable(dir.resolve("my-shim"));
        assertThat(ShimBinary.resolve("io.containerd.runc.v2", Optional.of(custom.toString()), ""))
                .isEqualTo(custom);
    }

    @Test
    void missingBinary_isFailedPreconditionNamingIt() {
        assertThatThrownBy(() -> ShimBinary.resolve("io.containerd.cortado.v2", Optional.empty(), dir.toString()))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("containerd-shim-cortado-v2")
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.FAILED_PRECONDITION);
        assertThatThrownBy(() -> ShimBinary.resolve("io.containerd.runc.v2", Optional.of("/nonexistent/shim"), ""))
                .hasMessageContaining("/nonexistent/shim");
    }

    private static Path executable(Path p) throws Exception {
        return Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
}
