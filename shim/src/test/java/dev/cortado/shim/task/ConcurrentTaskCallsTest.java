package dev.cortado.shim.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.shim.io.StdioPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every Task RPC on one task at once, as kubelet's exec probes and {@code kubectl exec} do:
 * the task's state on disk is written by each of them (regression: with one shared temp file,
 * 19 of 30 parallel {@code ctr t exec} failed with "save state of task ...").
 */
class ConcurrentTaskCallsTest {
    private static final int EXECS = 50;

    @TempDir
    Path tmp;

    @Test
    void fiftyParallelExecs_eachGetsItsOwnOutputAndExitCode_amidKillsAndStateCalls() throws Exception {
        TaskFixture f = new TaskFixture(tmp);
        TaskKey key = new TaskKey("ns", "c1");
        f.service.create(new CreateTask(key, f.bundle, List.of(), StdioPaths.none()));
        f.service.start(key, "");
        ExecutorService pool = Executors.newFixedThreadPool(EXECS + 4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < EXECS; i++) {
            int n = i;
            calls.add(pool.submit(() -> {
                go.await();
                runExec(f, key, n);
                return null;
            }));
        }
        for (int i = 0; i < 4; i++) {
            calls.add(pool.submit(() -> {
                go.await();
                for (int j = 0; j < 200; j++) {
                    assertThat(f.service.state(key, "").state()).isEqualTo(Lifecycle.RUNNING);
                    f.registry.get(key).execs().forEach(e -> e.state());
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> call : calls) {
            call.get(60, TimeUnit.SECONDS); // rethrows the first failure of that call
        }
        pool.shutdown();

        // the record on disk is the newest: the execs not deleted, and no temp file is left
        Path dir = f.store.dirOf(key);
        var record =
                JsonMapper.builder().build().readValue(Files.readString(dir.resolve("task.json")), TaskRecord.class);
        Set<String> kept = IntStream.range(0, EXECS)
                .filter(n -> n % 2 == 1)
                .mapToObj(n -> "e" + n)
                .collect(Collectors.toSet());
        assertThat(record.execs().stream().map(TaskRecord.Exec::execId)).containsExactlyInAnyOrderElementsOf(kept);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")))
                    .isEmpty();
        }
    }

    /** Exec n prints "exec-n" and exits with n, or is killed (every fifth); even ones are deleted. */
    private void runExec(TaskFixture f, TaskKey key, int n) throws Exception {
        String id = "e" + n;
        Path out = tmp.resolve("out-" + n);
        f.operations.exec(
                key,
                id,
                new StdioPaths("", "file://" + out, "", false),
                "{\"args\":[\"echo\",\"exec-" + n + "\"],\"cwd\":\"/\"}");
        assertThat(f.service.start(key, id)).isPositive();
        assertThat(f.service.state(key, id).state()).isEqualTo(Lifecycle.RUNNING);
        int expected;
        if (n % 5 == 0) {
            f.operations.kill(key, id, 9, false);
            expected = 137;
        } else {
            f.processes.byStateDir.get(f.store.processDir(key, id)).exit(n);
            expected = n;
        }
        assertThat(f.service.waitFor(key, id).code()).as(id).isEqualTo(expected);
        assertThat(Files.readString(out)).as(id).isEqualTo("echo exec-" + n);
        if (n % 2 == 0) {
            assertThat(f.service.delete(key, id).exit().orElseThrow().code()).isEqualTo(expected);
        }
    }
}
