package dev.cortado.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The compiler rules of the parent pom really run: a project inheriting it (not a module of the
 * build) that breaks a rule must fail to compile, naming the rule: Error Prone's GuardedBy, and
 * {@code -Xlint:all -Werror} on main and on test sources.
 */
class BuildRulesTest {
    @Test
    void errorProne_refusesAFieldReadWithoutItsGuardingLock() throws Exception {
        Result r = compile(Repo.root().resolve("integration/src/test/build-checks/guarded-by"));
        assertThat(r.exit()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("[GuardedBy]").contains("Unguarded.java");
    }

    @Test
    void lintWarning_inMainSources_failsTheBuild() throws Exception {
        Result r = compile(Repo.root().resolve("integration/src/test/build-checks/lint-warning"));
        assertThat(r.exit()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("RawList.java: warnings found and -Werror specified");
    }

    @Test
    void lintWarning_inTestSources_failsTheBuild() throws Exception {
        Result r =
                compile(Repo.root().resolve("integration/src/test/build-checks/lint-warning-in-test"), "test-compile");
        assertThat(r.exit()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("UnusedResourceTest.java: warnings found and -Werror specified");
    }

    record Result(int exit, String output) {}

    private static Result compile(Path project) throws IOException, InterruptedException {
        return compile(project, "compile");
    }

    private static Result compile(Path project, String goal) throws IOException, InterruptedException {
        Path target = project.resolve("target");
        Process p = new ProcessBuilder(List.of(
                        "mvn",
                        "-B",
                        "-ntp",
                        "-o",
                        "-q",
                        "-f",
                        project.resolve("pom.xml").toString(),
                        "clean",
                        goal))
                .directory(Repo.root().toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("mvn on " + project + " did not finish");
        }
        try {
            return new Result(p.exitValue(), out);
        } finally {
            new ProcessBuilder("rm", "-rf", target.toString()).start().waitFor();
        }
    }
}
