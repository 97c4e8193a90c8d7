package dev.cortado.integration.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shim server JVM killed with SIGKILL while containerd 1.6 runs three of its tasks: the
 * shim relay holds containerd's connections, so containerd sees no disconnect and runs no
 * {@code delete}; every container keeps running, exec and kill work again as soon as the
 * restarted server re-adopted them, an exec waiting at the crash fails instead of hanging, and
 * an exit during the outage reaches containerd once, with its code, and one containerd had
 * before the crash is not published again (the server records each delivered exit).
 */
class ShimCrashTest {
    private static final String IMAGE = BusyboxImage.NAME;
    private static Path dir;
    private static Containerd containerd;

    @BeforeAll
    static void startContainerd() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: containerd, mounts, cgroups");
        assumeTrue(
                Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "containerd"))),
                "needs containerd (apt-get install -y containerd)");
        assumeTrue(Files.isExecutable(BusyboxImage.BUSYBOX), "needs busybox-static");
        Path shim = ContainerdShimTest.shimScript();
        assumeTrue(
                Files.isExecutable(shim.resolveSibling("containerd-shim-cortado-v2-relay")),
                "needs the shim and its relay built by mvn package");
        dir = Files.createTempDirectory(Path.of("/tmp"), "crash");
        containerd = new Containerd(dir, shim);
        containerd.start();
        Containerd.Result imported =
                containerd.ctr("image", "import", BusyboxImage.write(dir).toString());
        assertThat(imported.code()).as(imported.out()).isZero();
    }

    @AfterAll
    static void stopContainerd() throws Exception {
        if (containerd == null) {
            return;
        }
        for (String id : List.of("steady", "exiter", "victim", "early")) {
            containerd.ctr("task", "kill", "-s", "SIGKILL", id);
        }
        for (String id : List.of("steady", "exiter", "victim", "early")) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !containerd.ctr("task", "ls").out().contains(id + " ")
                            || containerd.ctr("task", "ls").out().matches("(?s).*" + id + "\\s+\\d+\\s+STOPPED.*"));
            containerd.ctr("task", "delete", id);
            containerd.ctr("container", "rm", id);
        }
        containerd.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void serverKilled_containerdSeesNothing_tasksSurvive_andExitsBeforeAndMeanwhileAreReportedOnce() throws Exception {
        run("steady", "sleep", "1000");
        run("exiter", "sh", "-c", "trap 'exit 5' TERM; while true; do sleep 0.1; done");
        run("victim", "sleep", "1000");
        String steadyPid = pidOf("steady");
        long exiterPid = Long.parseLong(pidOf("exiter"));
        Path events = dir.resolve("events.log");
        Process watch = containerd.events(events);
        Thread.sleep(500); // ctr subscribes asynchronously
        // an exit containerd has before the crash: the restarted server must not publish it again
        run("early", "sh", "-c", "sleep 0.5; exit 7");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> containerd.ctr("task", "ls").out().matches("(?s).*early\\s+\\d+\\s+STOPPED.*"));
        // an exec whose Wait is in flight at the crash
        Process waiting = new ProcessBuilder(
                        "ctr",
                        "-a",
                        containerd.socket().toString(),
                        "-n",
                        "test",
                        "task",
                        "exec",
                        "--exec-id",
                        "waiter",
                        "steady",
                        "sleep",
                        "1000")
                .redirectErrorStream(true)
                .start();
        Thread.sleep(1500);
        int logBefore = containerd.log().length();
        long server = containerd.shimServerPid();

        ProcessHandle.of(server).orElseThrow().destroyForcibly();
        long killedAt = System.nanoTime();
        ProcessHandle.of(exiterPid).orElseThrow().destroy(); // SIGTERM: exits 5 while no server runs

        // the call in flight fails, it does not hang
        assertThat(waiting.waitFor(10, TimeUnit.SECONDS))
                .as("ctr exec waiting at the crash returned")
                .isTrue();
        assertThat(waiting.exitValue()).isNotZero();
        // exec works again once the restarted server re-adopted the tasks
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> containerd
                                .ctr("task", "exec", "--exec-id", "probe" + System.nanoTime(), "steady", "true")
                                .code()
                        == 0);
        long backMillis = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.println("ShimCrashTest: exec worked again " + backMillis + " ms after the kill -9");
        // where the time went: the relay's restart, re-adoption, the sockets (containerd runs -debug)
        String shimLog = Files.readString(containerd.shimRoot().resolve("shim.log"));
        shimLog.substring(Math.max(0, shimLog.lastIndexOf("server died")))
                .lines()
                .filter(l -> !l.contains(" DEBUG "))
                .forEach(System.out::println);

        assertThat(containerd.shimServerPid()).isNotEqualTo(server);
        assertThat(containerd.ctr("task", "ls").out())
                .containsPattern("steady\\s+" + steadyPid + "\\s+RUNNING")
                .containsPattern("victim\\s+\\d+\\s+RUNNING");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> containerd.ctr("task", "ls").out().matches("(?s).*exiter\\s+\\d+\\s+STOPPED.*"));
        assertThat(containerd.ctr("task", "kill", "-s", "SIGKILL", "victim").code())
                .isZero();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> containerd.ctr("task", "ls").out().matches("(?s).*victim\\s+\\d+\\s+STOPPED.*"));
        // up to here (a task's Delete closes its connection, as it should) containerd saw nothing
        String after = containerd.log().substring(logBefore);
        assertThat(after).doesNotContain("shim disconnected").doesNotContain("cleaning up dead shim");
        assertThat(containerd.ctr("task", "delete", "exiter").out()).contains("exit code 5");
        Thread.sleep(500);
        watch.destroy();
        watch.waitFor();
        List<String> exits = Files.readAllLines(events).stream()
                .filter(l -> l.contains("/tasks/exit") && l.contains("\"exiter\""))
                .toList();
        assertThat(exits).as(String.join("\n", Files.readAllLines(events))).hasSize(1);
        // published by the restarted server with the pid containerd knows (its monitor forgot it)
        assertThat(exits.get(0)).contains("exit_status\":5").contains("\"pid\":" + exiterPid);
        List<String> early = Files.readAllLines(events).stream()
                .filter(l -> l.contains("/tasks/exit") && l.contains("\"early\""))
                .toList();
        assertThat(early).as("the exit before the crash, published once").hasSize(1);
        assertThat(early.get(0)).contains("exit_status\":7");
    }

    private static void run(String id, String... command) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--runtime", Containerd.RUNTIME, "-d", IMAGE, id));
        args.addAll(List.of(command));
        Containerd.Result r = containerd.ctr(args.toArray(String[]::new));
        assertThat(r.code()).as(r.out()).isZero();
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
}
