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
                tasks.operations.exec(key, id, new StdioPaths("", "file://" + out, "", false),
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
    void containerWithoutPidNamespace_losesItsLeftoverProcessesWhenInitDies_andItsCgroupOnDelete() throws Exception {
        Spec spec = containers.inCgroup(shell("sleep 1000 & exec sleep 1001"));
        LinuxSpec linux = spec.linux();
        spec = spec.withLinux(linux.withNamespaces(linux.namespaces().stream().filter(ns -> !ns.type().equals("pid")).toList()));
        Path cgroup = Host.CGROUP2.resolve(spec.linux().cgroupsPath().substring(1));
        TaskKey key = tasks.create("hostpid", spec);
        int init = tasks.service.start(key, "");
        await().atMost(Duration.ofSeconds(10)).until(() -> procs(cgroup).size() == 2);
        long leftover = procs(cgroup).stream().filter(p -> p != init).findFirst().orElseThrow();

        tasks.operations.kill(key, "", 9, false); // init only, as its death in the container would be
        assertThat(tasks.service.waitFor(key, "").code()).isEqualTo(137);

        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(leftover).map(p -> !p.isAlive()).orElse(true));
        tasks.service.delete(key, "");
        assertThat(cgroup).doesNotExist();
    }

    private static List<Long> procs(Path cgroup) throws Exception {
        try (Stream<String> lines = Files.lines(cgroup.resolve("cgroup.procs"))) {
            return lines.map(Long::parseLong).toList();
        }
    }
}
