package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes cortado-init's plan parser (src/test/c/plan_fuzz.c, libFuzzer with ASan and UBSan)
 * for a bounded time, starting from the committed corpus src/test/c/plan-corpus. A crash,
 * sanitizer report or leak fails the test with the fuzzer's output. Needs clang-14 and
 * libclang-rt-14-dev (integration/bin/install-deps installs them); the seconds can be changed
 * with -Dcortado.fuzz.seconds.
 */
class PlanFuzzTest {
    private static final String CLANG = "clang-14";

    @TempDir
    Path tmp;

    @Test
    void planParse_survivesFuzzingForABoundedTime() throws Exception {
        boolean haveClang = java.util.Arrays.stream(
                        System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, CLANG)));
        assumeTrue(haveClang, "needs " + CLANG + " and libclang-rt-14-dev (libFuzzer)");
        Path fuzzer = tmp.resolve("plan_fuzz");
        Process build = new ProcessBuilder(
                        CLANG,
                        "-g",
                        "-O1",
                        "-fsanitize=fuzzer,address,undefined",
                        "-fno-sanitize-recover=undefined",
                        "-I",
                        "src/main/c",
                        "-o",
                        fuzzer.toString(),
                        "src/test/c/plan_fuzz.c",
                        "src/main/c/plan.c")
                .redirectErrorStream(true)
                .start();
        String buildOutput = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor()).as(buildOutput).isZero();

        int seconds = Integer.getInteger("cortado.fuzz.seconds", 15);
        Path found = Files.createDirectory(tmp.resolve("found")); // new inputs go here, not into the tree
        Path log = tmp.resolve("fuzz.log");
        Process fuzz = new ProcessBuilder(
                        fuzzer.toString(),
                        "-max_total_time=" + seconds,
                        "-max_len=8192",
                        "-timeout=10",
                        "-rss_limit_mb=1024",
                        "-artifact_prefix=" + tmp + "/",
                        found.toString(),
                        "src/test/c/plan-corpus")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = fuzz.waitFor(seconds + 120L, TimeUnit.SECONDS);
        if (!finished) {
            fuzz.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);

        assertThat(finished).as("fuzzer ran past its time").isTrue();
        assertThat(fuzz.exitValue())
                .as(output.substring(Math.max(0, output.length() - 4000)))
                .isZero();
        assertThat(output).contains("Done ");
    }
}
