package dev.cortado.integration.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The story of a container under real containerd with runtime {@code io.containerd.cortado.v2}:
 * run and exit with a code, exec, ps, pause and resume, metrics, kill and delete, containerd
 * restarting, and the shim server killed while containerd is down ({@link ShimCrashTest}: while
 * it runs). Needs root, Debian's {@code containerd} (brings
 * {@code runc}, unused here) and {@code busybox-static}, and the shim built by {@code mvn package}.
 */
class ContainerdShimTest {
    private static final String IMAGE = BusyboxImage.NAME;
    private static Path dir;
    private static Containerd containerd;
    private final List<String> created = new ArrayList<>();

    @BeforeAll
    static void startContainerd() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: containerd, mounts, cgroups");
        assumeTrue(onPath("containerd") && onPath("ctr"), "needs containerd and ctr (apt-get install -y containerd)");
        assumeTrue(
                Files.isExecutable(BusyboxImage.BUSYBOX), "needs busybox-static (apt-get install -y busybox-static)");
        Path shim = shimScript();
        assumeTrue(Files.isExecutable(shim), "needs the shim script " + shim + " (mvn package builds it)");
        dir = Files.createTempDirectory(Path.of("/tmp"), "ctd");
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
            unmountUnder(dir);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @AfterEach
    void removeContainers() throws Exception {
        for (String id : created) {
            containerd.ctr("task", "kill", "-s", "SIGKILL", id);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !containerd.ctr("task", "ls").out().contains(id + " ")
                            || containerd.ctr("task", "ls").out().contains("STOPPED"));
            containerd.ctr("task", "delete", id);
            containerd.ctr("container", "rm", id);
        }
    }

    private String id(String name) {
        created.add(name);
        return name;
    }

    @Test
    void runRm_printsOutputAndReturnsTheExitCode() throws Exception {
        Containerd.Result r = containerd.ctr(
                "run",
                "--runtime",
                Containerd.RUNTIME,
                "--rm",
                IMAGE,
                "exits",
                "sh",
                "-c",
                "echo hello from cortado; exit 7");

        assertThat(r.out()).contains("hello from cortado");
        assertThat(r.code()).isEqualTo(7);
    }

    @Test
    void logUriBinary_receivesTheContainersOutput() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logger"));
        Path logger = logs.resolve("logger.sh");
        Files.writeString(
                logger, "#!/bin/sh\ntrap '' TERM\nexec 5>&-\ncat <&4 >> \"$1.err\" &\n" + "cat <&3 >> \"$1\"\nwait\n");
        logger.toFile().setExecutable(true);
        Path out = logs.resolve("out");

        Containerd.Result r = containerd.ctr(
                "run",
                "--runtime",
                Containerd.RUNTIME,
                "--rm",
                "--log-uri",
                "binary://" + logger + "?" + out,
                IMAGE,
                "logged",
                "sh",
                "-c",
                "echo to stdout; echo to stderr >&2");

        assertThat(r.code()).isZero();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(out) && Files.readString(out).contains("to stdout"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(Path.of(out + ".err"))
                        && Files.readString(Path.of(out + ".err")).contains("to stderr"));
    }

    @Test
    void runtimeConfigPath_ioUidAndIoGid_ownTheContainersStdioPipes() throws Exception {
        // ctr 1.6 sends --runtime-config-path as runtimeoptions.v1.Options{config_path}, as the
        // CRI plugin does for a non-runc handler
        Path config = Files.writeString(dir.resolve("cortado-io.toml"), "IoUid = 1000\nIoGid = 1001\n");
        String script = "ls -lnL /proc/self/fd/1 /proc/self/fd/2";

        Containerd.Result owned = containerd.ctr(
                "run",
                "--runtime",
                Containerd.RUNTIME,
                "--rm",
                "--runtime-config-path",
                config.toString(),
                IMAGE,
                "iouid",
                "sh",
                "-c",
                script);
        Containerd.Result plain =
                containerd.ctr("run", "--runtime", Containerd.RUNTIME, "--rm", IMAGE, "noiouid", "sh", "-c", script);

        assertThat(owned.code()).as(owned.out()).isZero();
        assertThat(owned.out().lines().filter(l -> l.startsWith("p")))
                .hasSize(2)
                .allSatisfy(l -> assertThat(l.split("\\s+")).contains("1000", "1001"));
        assertThat(plain.code()).as(plain.out()).isZero();
        assertThat(plain.out().lines().filter(l -> l.startsWith("p")))
                .hasSize(2)
                .allSatisfy(l -> assertThat(l.split("\\s+")[2]).isEqualTo("0"));
    }

    @Test
    void runtimeConfigPath_withAnOptionOnlyRuncHonours_failsNamingIt() throws Exception {
        Path config = Files.writeString(dir.resolve("cortado-bad.toml"), "BinaryName = \"crun\"\n");

        Containerd.Result r = containerd.ctr(
                "run",
                "--runtime",
                Containerd.RUNTIME,
                "--rm",
                "--runtime-config-path",
                config.toString(),
                IMAGE,
                "badopts",
                "true");
        containerd.ctr("container", "rm", "badopts");

        assertThat(r.code()).isNotZero();
        assertThat(r.out()).contains("BinaryName");
    }

    @Test
    void taskEvents_reachContainerdInOrder() throws Exception {
        Path log = dir.resolve("events.log");
        Process events = containerd.events(log);
        try {
            Thread.sleep(500); // ctr subscribes asynchronously; events before that are not replayed
            containerd.ctr("run", "--runtime", Containerd.RUNTIME, "--rm", IMAGE, "evented", "sh", "-c", "exit 2");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.readString(log).contains("/tasks/delete"));
        } finally {
            events.destroy();
            events.waitFor();
        }
        List<String> topics = Files.readAllLines(log).stream()
                .filter(l -> l.contains("evented"))
                .map(l -> l.replaceFirst("^.*? (/tasks/[a-z-]+).*$", "$1"))
                .filter(t -> t.startsWith("/tasks/"))
                .distinct()
                .toList();
        assertThat(topics).containsSubsequence("/tasks/create", "/tasks/start", "/tasks/exit", "/tasks/delete");
    }

    @Test
    void runWithTerminal_givesTheProcessAConsoleAndReturnsItsExitCode() throws Exception {
        assumeTrue(onPath("script"), "needs script (util-linux) to give ctr a terminal");

        Containerd.Result r = containerd.ctrInTerminal(
                "run", "--runtime", Containerd.RUNTIME, "-t", "--rm", IMAGE, "tty1", "sh", "-c", "tty; exit 4");

        assertThat(r.out()).contains("/dev/console");
        assertThat(r.code()).isEqualTo(4);
    }

    @Test
    void detachedTask_execPsPauseResumeMetricsKillDelete() throws Exception {
        String id = id("detached");
        assertThat(containerd
                        .ctr("run", "--runtime", Containerd.RUNTIME, "-d", IMAGE, id, "sleep", "1000")
                        .code())
                .isZero();
        assertThat(containerd.ctr("task", "ls").out()).containsPattern(id + "\\s+\\d+\\s+RUNNING");

        Containerd.Result exec =
                containerd.ctr("task", "exec", "--exec-id", "e1", id, "sh", "-c", "echo in exec; exit 3");
        assertThat(exec.out()).contains("in exec");
        assertThat(exec.code()).isEqualTo(3);

        assertThat(containerd.ctr("task", "ps", id).out()).containsPattern("\\n\\d+\\s");

        assertThat(containerd.ctr("task", "pause", id).code()).isZero();
        assertThat(containerd.ctr("task", "ls").out()).containsPattern(id + "\\s+\\d+\\s+PAUSED");
        assertThat(containerd.ctr("task", "resume", id).code()).isZero();
        assertThat(containerd.ctr("task", "ls").out()).containsPattern(id + "\\s+\\d+\\s+RUNNING");

        assertThat(containerd.ctr("task", "metrics", id).out()).contains("cpu.usage_usec");

        assertThat(containerd.ctr("task", "kill", "-s", "SIGKILL", id).code()).isZero();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> containerd.ctr("task", "ls").out().contains("STOPPED"));
        assertThat(containerd.ctr("task", "delete", id).code()).isZero();
        assertThat(containerd.ctr("task", "ls").out()).doesNotContain(id);
    }

    /**
     * {@code ctr task checkpoint} reaches the shim's Task API Checkpoint (containerd pauses the task
     * first): where criu check fails (this host) containerd passes on the shim's FAILED_PRECONDITION
     * with criu's reason and the task runs on; where it works containerd stores the images.
     */
    @Test
    void ctrTaskCheckpoint_reachesTheShimsCriu_andTheTaskRunsOn() throws Exception {
        String id = id("ckpt");
        assertThat(containerd
                        .ctr("run", "--runtime", Containerd.RUNTIME, "-d", IMAGE, id, "sleep", "1000")
                        .code())
                .isZero();
        String criu = dev.cortado.integration.Criu.check(); // the criu containerd's shim runs
        boolean criuWorks = criu.isEmpty();

        Containerd.Result r = containerd.ctr("task", "checkpoint", id);

        if (criuWorks) {
            assertThat(r.code()).as(r.out()).isZero();
        } else {
            assertThat(r.code()).isNotZero();
            assertThat(r.out())
                    .contains(
                            "criu does not work on this host",
                            criu.lines()
                                    .filter(l -> l.startsWith("Error"))
                                    .findFirst()
                                    .orElseThrow());
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> containerd.ctr("task", "ls").out().matches("(?s).*" + id + "\\s+\\d+\\s+RUNNING.*"));
    }

    @Test
    void secondContainer_isServedByTheSameShimServer() throws Exception {
        containerd.ctr("run", "--runtime", Containerd.RUNTIME, "-d", IMAGE, id("first"), "sleep", "1000");
        long server = containerd.shimServerPid();
        containerd.ctr("run", "--runtime", Containerd.RUNTIME, "-d", IMAGE, id("second"), "sleep", "1000");

        assertThat(containerd.shimServerPid()).isEqualTo(server);
        assertThat(containerd.ctr("task", "ls").out())
                .containsPattern("first\\s+\\d+\\s+RUNNING")
                .containsPattern("second\\s+\\d+\\s+RUNNING");
    }

    @Test
    void containerdRestart_reconnectsToTheRunningTask() throws Exception {
        String id = id("survivor");
        containerd.ctr("run", "--runtime", Containerd.RUNTIME, "-d", IMAGE, id, "sleep", "1000");
        String before = pidOf(id);

        containerd.stop();
        containerd.start();

        assertThat(containerd.ctr("task", "ls").out()).containsPattern(id + "\\s+" + before + "\\s+RUNNING");
        assertThat(containerd
                        .ctr("task", "exec", "--exec-id", "after", id, "true")
                        .code())
                .isZero();
    }

    @Test
    void shimKilledWhileContainerdIsDown_nextStartReadoptsTaskWithItsExitCode() throws Exception {
        String id = id("orphan");
        containerd.ctr(
                "run",
                "--runtime",
                Containerd.RUNTIME,
                "-d",
                IMAGE,
                id,
                "sh",
                "-c",
                "while [ ! -e /tmp/go ]; do sleep 0.2; done; exit 5");
        String pid = pidOf(id);
        containerd.stop();
        killShimServer();

        assertThat(containerd.startShim()).contains(containerd.shimRoot().toString());
        containerd.start();

        assertThat(containerd.ctr("task", "ls").out()).containsPattern(id + "\\s+" + pid + "\\s+RUNNING");
        containerd.ctr("task", "exec", "--exec-id", "go", id, "sh", "-c", "echo > /tmp/go");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> containerd.ctr("task", "ls").out().matches("(?s).*" + id + "\\s+\\d+\\s+STOPPED.*"));
        assertThat(containerd.ctr("task", "delete", id).out()).contains("exit code 5");
    }

    /** SIGKILL to the shim server (its pid from the marker it wrote), and wait until it is gone. */
    private static void killShimServer() throws IOException {
        ProcessHandle server = ProcessHandle.of(containerd.shimServerPid()).orElseThrow();
        server.destroyForcibly();
        server.onExit().join();
    }

    private static String pidOf(String id) throws Exception {
        for (String line : containerd.ctr("task", "ls").out().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[0].equals(id)) {
                return f[1];
            }
        }
        throw new AssertionError("no task " + id);
    }

    static Path shimScript() {
        String configured = System.getProperty("cortado.shim.binary");
        if (configured != null) {
            return Path.of(configured);
        }
        String root = System.getProperty("cortado.repo.root", "..");
        return Path.of(root)
                .resolve("shim/target/bin/containerd-shim-cortado-v2")
                .toAbsolutePath()
                .normalize();
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
