package dev.cortado.integration.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.api.containerd.task.v3.DeleteResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code containerd-shim-cortado-v2 delete}, which containerd 1.6 runs after every task's
 * connection closes: answered by the native client without a JVM (no {@code delete} class-data
 * archive is ever dumped, which the first JVM {@code delete} would do) for a task the server
 * deleted or never knew, by the server for one it runs, and by the Java command for a task whose
 * server is gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShimDeleteTest {
    private static Path dir;
    private static Containerd containerd;
    private static Path shim;

    @BeforeAll
    static void startContainerd() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: containerd, mounts, cgroups");
        assumeTrue(
                Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "containerd"))),
                "needs containerd (apt-get install -y containerd)");
        assumeTrue(Files.isExecutable(BusyboxImage.BUSYBOX), "needs busybox-static");
        shim = ContainerdShimTest.shimScript();
        assumeTrue(
                Files.isExecutable(shim.resolveSibling("containerd-shim-cortado-v2-start")),
                "needs the shim and its native client built by mvn package");
        dir = Files.createTempDirectory(Path.of("/tmp"), "del");
        containerd = new Containerd(dir, shim);
        containerd.start();
        Containerd.Result imported =
                containerd.ctr("image", "import", BusyboxImage.write(dir).toString());
        assertThat(imported.code()).as(imported.out()).isZero();
    }

    @AfterAll
    static void stopContainerd() throws Exception {
        if (containerd != null) {
            containerd.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Runs {@code delete} as containerd does (cwd and -bundle the bundle); its parsed reply. */
    private static DeleteResponse delete(String id, Path bundle) throws Exception {
        Files.createDirectories(bundle);
        ProcessBuilder pb = new ProcessBuilder(
                        shim.toString(),
                        "-namespace",
                        "test",
                        "-address",
                        containerd.socket().toString(),
                        "-publish-binary",
                        "/bin/false",
                        "-id",
                        id,
                        "-bundle",
                        bundle.toString(),
                        "delete")
                .directory(bundle.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("CORTADO_SHIM_ROOT", containerd.shimRoot().toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        return DeleteResponse.parseFrom(out);
    }

    private static boolean jvmDeleteRan() throws Exception {
        Path cds = containerd.shimRoot().resolve("cds");
        if (!Files.isDirectory(cds)) {
            return false;
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("delete-"));
        }
    }

    @Test
    @Order(1)
    void ctrTaskRm_andDeleteOfAnUnknownTask_areAnsweredWithoutAJvm() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        DeleteResponse unknown = delete("never-created", dir.resolve("bundles/never-created"));

        assertThat(unknown.getExitStatus()).isEqualTo(137);
        assertThat(unknown.getExitedAt().getSeconds()).isGreaterThanOrEqualTo(before.getEpochSecond());

        assertThat(containerd
                        .ctr(
                                "run",
                                "--runtime",
                                Containerd.RUNTIME,
                                "-d",
                                BusyboxImage.NAME,
                                "removed",
                                "sleep",
                                "1000")
                        .code())
                .isZero();
        containerd.ctr("task", "kill", "-s", "SIGKILL", "removed");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> containerd.ctr("task", "ls").out().matches("(?s).*removed\\s+\\d+\\s+STOPPED.*"));
        Containerd.Result rm = containerd.ctr("task", "rm", "removed");
        containerd.ctr("container", "rm", "removed");

        assertThat(rm.code()).as(rm.out()).isZero();
        assertThat(containerd.log()).contains("cleaning up dead shim"); // containerd ran delete
        assertThat(jvmDeleteRan()).as("a JVM ran delete").isFalse();
    }

    @Test
    @Order(2) // its Java delete dumps the delete archive
    void deleteOfARunningTask_isDoneByTheServer_andWithoutAServerByJava() throws Exception {
        assertThat(containerd
                        .ctr("run", "--runtime", Containerd.RUNTIME, "-d", BusyboxImage.NAME, "served", "sleep", "1000")
                        .code())
                .isZero();
        assertThat(containerd
                        .ctr(
                                "run",
                                "--runtime",
                                Containerd.RUNTIME,
                                "-d",
                                BusyboxImage.NAME,
                                "orphaned",
                                "sleep",
                                "1000")
                        .code())
                .isZero();
        long served = pidOf("served");
        long orphaned = pidOf("orphaned");
        Path bundles = containerd.shimRoot().getParent().resolve("state/io.containerd.runtime.v2.task/test");

        DeleteResponse byServer = delete("served", bundles.resolve("served"));

        assertThat(byServer.getPid()).isEqualTo((int) served);
        assertThat(byServer.getExitStatus()).isEqualTo(137);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(served).isEmpty());
        assertThat(jvmDeleteRan()).isFalse();

        // the relay and the server gone (both killed), the task's monitor still runs; containerd
        // is down meanwhile, or it would run this delete itself
        containerd.stop();
        ProcessHandle server = ProcessHandle.of(containerd.shimServerPid()).orElseThrow();
        server.parent()
                .filter(p -> p.info().command().orElse("").endsWith("-relay"))
                .ifPresent(ProcessHandle::destroyForcibly);
        server.destroyForcibly();
        server.onExit().join();
        DeleteResponse byJava = delete("orphaned", bundles.resolve("orphaned"));
        containerd.start();

        assertThat(byJava.getPid()).isEqualTo((int) orphaned);
        assertThat(byJava.getExitStatus()).isEqualTo(137);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(orphaned).isEmpty());
        for (String id : new String[] {"served", "orphaned"}) {
            containerd.ctr("task", "delete", id);
            containerd.ctr("container", "rm", id);
        }
    }

    private static long pidOf(String id) throws Exception {
        for (String line : containerd.ctr("task", "ls").out().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[0].equals(id)) {
                return Long.parseLong(f[1]);
            }
        }
        throw new AssertionError("no task " + id);
    }
}
