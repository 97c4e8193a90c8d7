package dev.cortado.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding {@code <repo>/../shared/wire} from inside a module. */
class UpstreamFactsTest {

    @TempDir
    Path workspace;

    @Test
    void directory_fromModule_isSharedWireBesideTheRepository() throws IOException {
        Path module = repositoryWithModule();
        Files.createDirectories(workspace.resolve("shared/wire"));

        assertThat(UpstreamFacts.directory(module)).isEqualTo(workspace.resolve("shared/wire"));
    }

    @Test
    void directory_withoutSharedFolder_failsNamingThePath() throws IOException {
        Path module = repositoryWithModule();

        assertThatThrownBy(() -> UpstreamFacts.directory(module))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(workspace.resolve("shared/wire").toString())
                .hasMessageContaining("beside the clone");
    }

    /** {@code <workspace>/repo} with a parent pom listing modules, and {@code repo/proto} with its own pom. */
    private Path repositoryWithModule() throws IOException {
        Path repo = Files.createDirectories(workspace.resolve("repo"));
        Files.writeString(repo.resolve("pom.xml"), "<project><modules><module>proto</module></modules></project>");
        Path module = Files.createDirectories(repo.resolve("proto"));
        Files.writeString(module.resolve("pom.xml"), "<project><artifactId>proto</artifactId></project>");
        return module;
    }
}
