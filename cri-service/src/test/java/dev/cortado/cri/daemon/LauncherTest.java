package dev.cortado.cri.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher README starts the daemon with ({@code src/main/sh/cortado}, copied to
 * {@code target/bin} by the package phase), run with a stand-in {@code java} that writes down its
 * arguments and environment: the JVM options the footprint measurements chose reach the JVM, the
 * archive next to the jar is mapped, and {@code CORTADO_JAVA_OPTS} comes last so it can override.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("src/main/sh/cortado");

    @TempDir
    Path dir;

    @Test
    void launcher_passesTheMeasuredOptions_theArchive_andTheMallocArenaLimit() throws Exception {
        Path jar = Files.writeString(dir.resolve("cortado.jar"), "");
        Files.writeString(dir.resolve("cortado.jsa"), "");

        List<String> seen = launch(jar, "-Xmx100m");

        String args = seen.get(0);
        assertThat(args.split(" "))
                .contains(
                        "-Xms16m",
                        "-XX:+UseSerialGC",
                        "-XX:MinHeapFreeRatio=10",
                        "-XX:MaxHeapFreeRatio=30",
                        "-XX:SharedArchiveFile=" + dir.resolve("cortado.jsa"),
                        "-Dio.netty.allocator.numDirectArenas=1");
        assertThat(args).endsWith("-Xmx100m -jar " + jar + " daemon --version"); // the override comes last
        assertThat(seen).contains("MALLOC_ARENA_MAX=2");
    }

    @Test
    void launcher_withoutAnArchive_startsWithoutOne() throws Exception {
        Path jar = Files.writeString(dir.resolve("cortado.jar"), "");

        assertThat(launch(jar, "").get(0)).doesNotContain("SharedArchiveFile");
    }

    /** Runs the launcher with a {@code java} that prints its argv, then its environment. */
    private List<String> launch(Path jar, String javaOpts) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("jdk/bin"));
        Path fakeJava = Files.writeString(bin.resolve("java"), "#!/bin/sh\necho \"$*\"\nenv\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("sh", LAUNCHER.toAbsolutePath().toString(), "daemon", "--version")
                .redirectErrorStream(true);
        pb.environment().remove("MALLOC_ARENA_MAX");
        pb.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        pb.environment().put("CORTADO_JAR", jar.toString());
        pb.environment().put("CORTADO_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
