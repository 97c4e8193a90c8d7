package dev.cortado.cri.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.api.containerd.runc.v1.Options;
import dev.cortado.cri.config.ConfigLoader;
import dev.cortado.cri.config.RuntimeConfig;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeHandlersTest {
    @TempDir
    Path dir;

    private RuntimeConfig config(String toml) {
        return new ConfigLoader().parse(toml, "test").runtime();
    }

    private Path bin(String name) throws Exception {
        return Files.createFile(
                dir.resolve(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    @Test
    void defaultAndRuncHandlers_resolveToTheirBinariesAndOptions() throws Exception {
        Path cortado = bin("containerd-shim-cortado-v2");
        Path runc = bin("containerd-shim-runc-v2");
        RuntimeHandlers handlers = new RuntimeHandlers(config("""
                [runtime.handlers.runc]
                runtime_type = "io.containerd.runc.v2"
                [runtime.handlers.runc.options]
                SystemdCgroup = true
                BinaryName = "/usr/sbin/runc"
                IoUid = 1000
                """), dir.toString());

        assertThat(handlers.names()).containsExactly("cortado", "runc");
        RuntimeHandlers.Handler byDefault = handlers.resolve("");
        assertThat(byDefault.name()).isEqualTo("cortado");
        assertThat(byDefault.binary()).isEqualTo(cortado);
        assertThat(byDefault.options()).isEmpty();
        RuntimeHandlers.Handler r = handlers.resolve("runc");
        assertThat(r.binary()).isEqualTo(runc);
        assertThat(r.options().orElseThrow().typeUrl()).isEqualTo("containerd.runc.v1.Options");
        Options sent = Options.parseFrom(r.options().orElseThrow().value());
        assertThat(sent.getSystemdCgroup()).isTrue();
        assertThat(sent.getBinaryName()).isEqualTo("/usr/sbin/runc");
        assertThat(sent.getIoUid()).isEqualTo(1000);
    }

    @Test
    void nonRuncOptions_travelAsTomlInRuntimeOptions() throws Exception {
        TypedValue v = RuntimeOptionsEncoder.encode("io.containerd.cortado.v2", Map.of("SystemdCgroup", true))
                .orElseThrow();
        assertThat(v.typeUrl()).isEqualTo("runtimeoptions.v1.Options");
        String body = dev.cortado.api.containerd.runtimeoptions.v1.Options.parseFrom(v.value())
                .getConfigBody()
                .toString(StandardCharsets.UTF_8);
        assertThat(body).contains("SystemdCgroup = true");
    }

    @Test
    void unknownRuncOption_orWrongType_isInvalidArgument() {
        assertThatThrownBy(() -> RuntimeOptionsEncoder.encode("io.containerd.runc.v2", Map.of("Turbo", true)))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("Turbo")
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThatThrownBy(() -> RuntimeOptionsEncoder.encode("io.containerd.runc.v2", Map.of("IoUid", "root")))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("IoUid");
    }

    @Test
    void unknownHandler_isNotFoundNamingIt() {
        RuntimeHandlers handlers = new RuntimeHandlers(config(""), dir.toString());
        assertThatThrownBy(() -> handlers.resolve("kata"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("kata")
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void runtimePath_overridesTheLookup() throws Exception {
        Path custom = bin("my-shim");
        RuntimeHandlers handlers =
                new RuntimeHandlers(config("[runtime.handlers.cortado]\nruntime_path = \"" + custom + "\"\n"), "");
        assertThat(handlers.resolve("cortado").binary()).isEqualTo(custom);
    }
}
