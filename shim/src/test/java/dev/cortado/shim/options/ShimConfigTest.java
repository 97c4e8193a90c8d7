package dev.cortado.shim.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's shim.toml: the default UnenforceableLimits, read at each call. */
class ShimConfigTest {
    @TempDir
    Path dir;

    @Test
    void missingFile_refuses() {
        assertThat(new ShimConfig(dir.resolve("absent.toml")).unenforceableLimits())
                .isEqualTo(LimitPolicy.REFUSE);
    }

    @Test
    void environmentNamesTheFile_andAnEditAppliesToTheNextCall() throws Exception {
        Path file = dir.resolve("shim.toml");
        ShimConfig config = ShimConfig.fromEnv(Map.of("CORTADO_SHIM_CONFIG", file.toString()));
        Files.writeString(file, "UnenforceableLimits = \"warn\"\n");
        assertThat(config.unenforceableLimits()).isEqualTo(LimitPolicy.WARN);

        Files.writeString(file, "# back to the default\n");
        assertThat(config.unenforceableLimits()).isEqualTo(LimitPolicy.REFUSE);
        assertThat(ShimConfig.fromEnv(Map.of())).extracting("file").isEqualTo(ShimConfig.DEFAULT_PATH);
    }

    @Test
    void otherKeysAndBadValues_failNamingTheFile() throws Exception {
        Path file = dir.resolve("shim.toml");
        Files.writeString(file, "IoUid = 1\n");
        assertThatThrownBy(() -> new ShimConfig(file).unenforceableLimits())
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessageContainingAll("IoUid", file.toString());
        Files.writeString(file, "UnenforceableLimits = \"maybe\"\n");
        assertThatThrownBy(() -> new ShimConfig(file).unenforceableLimits())
                .hasMessageContainingAll("maybe", file.toString());
        Files.writeString(file, "UnenforceableLimits = [\n");
        assertThatThrownBy(() -> new ShimConfig(file).unenforceableLimits()).hasMessageContainingAll("not valid TOML");
    }
}
