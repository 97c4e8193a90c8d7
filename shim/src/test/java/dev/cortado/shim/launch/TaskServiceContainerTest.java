package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cortado.shim.io.StdioPaths;
import dev.cortado.shim.spec.LinuxSpec;
import dev.cortado.shim.spec.Spec;
import dev.cortado.shim.task.TaskKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Privileged: the task service over real monitors and cgroups, under concurrent calls and without a PID namespace. */
class TaskServiceContainerTest extends PrivilegedLauncherFixture {
    private static final int EXECS = 30;
    private RealTaskService tasks;

    @BeforeEach
    void wire() {
        tasks = new RealTaskService(containers, tmp);
    }

    @AfterEach
    void cleanUp() {
        tasks.close();
    }

    @Test
    void thirtyParallelExecs_eachReturnItsOwnOutputAndExitCode() throws Exception {
        TaskKey key = tasks.create("c1", containers.inCgroup(shell("sleep 1000")));
        tasks.service.start(key, "");
        ExecutorService pool = Executors.newFixedThreadPool(EXECS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < EXECS; i++) {
            int n = i;
            calls.add(pool.submit(() -> {
                go.await();
                String id = "probe-" + n;
                Path out = tmp.resolve("out-" + n);
                tasks.operations.exec(
                        key,
                        id,
                        new StdioPaths("", "file://" + out, "", false),
                        "{\"args\":[\"sh\",\"-c\",\"echo out-" + n + "; exit " + n + "\"],\"cwd\":\"/\","
                                + "\"env\":[\"PATH=/bin:/usr/bin\"],\"user\":{\"uid\":0,\"gid\":0}}");
                tasks.service.start(key, id);
                tasks.service.state(key, "");
                assertThat(tasks.service.waitFor(key, id).code()).as(id).isEqualTo(n);
                assertThat(Files.readString(out)).as(id).isEqualTo("out-" + n + "\n");
                tasks.service.delete(key, id);
                return null;
            }));
        }
        long started = System.nanoTime();
        go.countDown();
        for (Future<?> call : calls) {
            call.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        System.out.printf("%d parallel execs in %d ms%n", EXECS, (System.nanoTime() - started) / 1_000_000);
        assertThat(tasks.registry.get(key).execs()).isEmpty();
    }

    @Test
    void tenContainersWithStdio_addNoThreadToTheServer() throws Exception {
        // one container first, run to its exit, so the loop's workers and the JDK's own lazily
        // started threads exist before counting
        TaskKey warm = runEchoing(0);
        tasks.operations.kill(warm, "", 9, false);
        tasks.service.waitFor(warm, "");
        tasks.service.delete(warm, "");
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        for (int i = 1; i <= 10; i++) {
            runEchoing(i);
        }
        // threads that other tests of this JVM left behind may end meanwhile: compare the sets
        List<String> started = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t))
                .map(Thread::getName)
                .toList();
        System.out.printf("threads before 10 containers: %d, started since: %s%n", before.size(), started);
        assertThat(started)
                .noneMatch(n -> n.startsWith("stdio-") || n.startsWith("exit-") || n.startsWith("cgroup-events"));
        assertThat(started).hasSizeLessThanOrEqualTo(1); // a JDK thread that may start late (e.g. a cleaner)
    }

    /** Starts a container that reads a line from its stdin fifo and echoes it to its stdout fifo, and checks the echo. */
    private TaskKey runEchoing(int n) throws Exception {
        Path in = tmp.resolve("in-" + n);
        Path out = tmp.resolve("out-" + n);
        containers.sys.mkfifo(in.toString(), 0600);
        containers.sys.mkfifo(out.toString(), 0600);
        Spec spec = containers.inCgroup(shell("read line; echo got-$line; exec sleep 1000"));
        Path bundle = Files.createDirectories(tmp.resolve("bundle-e" + n));
        Files.write(
                bundle.resolve("config.json"),
                tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsBytes(spec));
        TaskKey key = new TaskKey("hardening-test", "e" + n);
        tasks.service.create(new dev.cortado.shim.task.CreateTask(
                key,
                bundle,
                List.of(),
                new StdioPaths(
                        in.toString(), out.toString(), tmp.resolve("err-" + n).toString(), false)));
        tasks.service.start(key, "");
        try (var w = new java.io.FileOutputStream(in.toFile());
                var r = new java.io.BufferedReader(new java.io.FileReader(out.toFile()))) {
            w.write(("hi-" + n + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            w.flush();
            var line = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return r.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(line.get(30, TimeUnit.SECONDS)).isEqualTo("got-hi-" + n);
        }
        return key;
    }

    @Test
    void containerWithoutPidNamespace_losesItsLeftoverProcessesWhenInitDies_andItsCgroupOnDelete() throws Exception {
        Spec spec = containers.inCgroup(shell("sleep 1000 & exec sleep 1001"));
        LinuxSpec linux = spec.linux();
        spec = spec.withLinux(linux.withNamespaces(linux.namespaces().stream()
                .filter(ns -> !ns.type().equals("pid"))
                .toList()));
        Path cgroup = Host.CGROUP2.resolve(spec.linux().cgroupsPath().substring(1));
        TaskKey key = tasks.create("hostpid", spec);
        int init = tasks.service.start(key, "");
        await().atMost(Duration.ofSeconds(10)).until(() -> procs(cgroup).size() == 2);
        long leftover =
                procs(cgroup).stream().filter(p -> p != init).findFirst().orElseThrow();

        tasks.operations.kill(key, "", 9, false); // init only, as its death in the container would be
        assertThat(tasks.service.waitFor(key, "").code()).isEqualTo(137);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(leftover).map(p -> !p.isAlive()).orElse(true));
        tasks.service.delete(key, "");
        assertThat(cgroup).doesNotExist();
    }

    private static List<Long> procs(Path cgroup) throws Exception {
        try (Stream<String> lines = Files.lines(cgroup.resolve("cgroup.procs"))) {
            return lines.map(Long::parseLong).toList();
        }
    }
}
