package dev.cortado.integration.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's shim install, as a new user follows it: the install lines of its "With containerd"
 * block, read from README.md (so this breaks when the README drifts), run from the repository
 * root with the scratch prefix for {@code /usr/local}; every file the build puts next to the shim
 * script lands where the script looks for it; {@code containerd-shim-cortado-v2 -v} answers from
 * the prefix's {@code bin} on PATH; and the README's {@code ctr run} runs on a containerd whose
 * PATH has that {@code bin}. Needs root, containerd, busybox-static and {@code mvn package}.
 */
class ReadmeInstallTest {
    private static final String SCRIPT = "containerd-shim-cortado-v2";

    @TempDir
    Path tmp;

    @Test
    void readmeInstallLines_putEveryShimFileWhereTheScriptFindsIt_andTheShimRuns() throws Exception {
        Path built = ContainerdShimTest.shimScript().getParent();
        assumeTrue(Files.isExecutable(built.resolve(SCRIPT)), "needs the shim built by mvn package in " + built);
        List<String> block = readmeBlock();
        List<String> install = block.stream()
                .filter(l -> !l.startsWith("ctr ") && !l.startsWith(SCRIPT))
                .toList();
        assertThat(install).as("README install lines").isNotEmpty();
        assertThat(block).as("README shows the shim answering -v").contains(SCRIPT + " -v");
        String run = block.stream()
                .filter(l -> l.startsWith("ctr run "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("README has no ctr run line: " + block));
        Path prefix = tmp.resolve("prefix");

        for (String line : install) {
            Result r = sh(line.replace("/usr/local", prefix.toString()), prefix);
            assertThat(r.code()).as(line + "\n" + r.out()).isZero();
        }

        // the script looks next to itself, then in ../lib/cortado/: each built file is in one of them
        try (Stream<Path> files = Files.list(built)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().equals("install-shim"))
                    .toList()) {
                String name = f.getFileName().toString();
                assertThat(Files.exists(prefix.resolve("bin").resolve(name))
                                || Files.exists(prefix.resolve("lib/cortado").resolve(name)))
                        .as(name + " installed")
                        .isTrue();
            }
        }
        assertThat(prefix.resolve("bin/" + SCRIPT)).isExecutable();
        assertThat(prefix.resolve("lib/cortado/" + SCRIPT + "-start")).isExecutable();
        assertThat(prefix.resolve("lib/cortado/" + SCRIPT + ".jar")).isRegularFile();

        Result version = sh(SCRIPT + " -v", prefix);
        assertThat(version.code()).as(version.out()).isZero();
        assertThat(version.out()).contains(SCRIPT + ":").contains("Version:");

        ctrRun(prefix.resolve("bin/" + SCRIPT), run);
    }

    /** The README's ctr run line on a containerd of our own, with the image of our fixture. */
    private void ctrRun(Path installedScript, String line) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: containerd, mounts, cgroups");
        assumeTrue(onPath("containerd") && onPath("ctr"), "needs containerd and ctr (apt-get install -y containerd)");
        assumeTrue(
                Files.isExecutable(BusyboxImage.BUSYBOX), "needs busybox-static (apt-get install -y busybox-static)");
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "ctd-readme");
        try (Containerd containerd = new Containerd(dir, installedScript)) {
            containerd.start();
            Containerd.Result imported =
                    containerd.ctr("image", "import", BusyboxImage.write(dir).toString());
            assertThat(imported.code()).as(imported.out()).isZero();
            List<String> args = new ArrayList<>(List.of(line.split("\\s+")));
            args.remove(0); // ctr: the fixture runs it against its own socket and namespace
            args.replaceAll(a -> a.startsWith("docker.io/library/busybox") ? BusyboxImage.NAME : a);

            Containerd.Result r = containerd.ctr(args.toArray(String[]::new));

            assertThat(r.code()).as(r.out() + containerd.log()).isZero();
            assertThat(r.out()).contains("hello");
        } finally {
            unmountUnder(dir);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The lines of the first {@code sh} block after "With containerd:" in README.md. */
    private static List<String> readmeBlock() throws IOException {
        Path readme = Path.of(System.getProperty("cortado.repo.root", "..")).resolve("README.md");
        List<String> lines = Files.readAllLines(readme);
        int start = lines.indexOf(lines.stream()
                .filter(l -> l.startsWith("With containerd:"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no \"With containerd:\" section")));
        List<String> block = new ArrayList<>();
        boolean in = false;
        for (String l : lines.subList(start, lines.size())) {
            if (!in && l.trim().equals("```sh")) {
                in = true;
            } else if (in && l.trim().equals("```")) {
                return block;
            } else if (in && !l.isBlank()) {
                block.add(l.trim());
            }
        }
        throw new AssertionError("README.md has no sh block after \"With containerd:\"");
    }

    private record Result(int code, String out) {}

    /** Runs a README line with sh, from the repository root, with the prefix's bin first on PATH. */
    private static Result sh(String line, Path prefix) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", line)
                .redirectErrorStream(true)
                .directory(
                        Path.of(System.getProperty("cortado.repo.root", "..")).toFile());
        pb.environment().put("PATH", prefix.resolve("bin") + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + line);
        }
        return new Result(p.exitValue(), out);
    }

    private static boolean onPath(String name) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, name)));
    }

    private static void unmountUnder(Path root) throws IOException, InterruptedException {
        List<String> targets = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String target = line.split(" ")[4];
            if (target.startsWith(root.toString())) {
                targets.add(target);
            }
        }
        targets.sort(Comparator.reverseOrder());
        for (String t : targets) {
            new ProcessBuilder("umount", "-l", t).start().waitFor();
        }
    }
}
