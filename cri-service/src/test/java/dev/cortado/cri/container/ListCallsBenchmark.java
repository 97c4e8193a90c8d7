package dev.cortado.cri.container;

import dev.cortado.cri.store.SqliteMetadataStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Times ListContainers (all, and filtered by label and state) and ContainerStatus (by a 12-hex
 * prefix) at 100 and 1,000 containers on the durable store, idle and while another thread
 * creates and removes containers (each write a SQLite transaction with its fsync), with fake
 * tasks, io and mounts. Not a unit test: {@code mvn -pl cri-service -am test
 * -Dtest=ListCallsBenchmark -Dcortado.bench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ListCallsBenchmark {
    private static final int CALLS = 200;

    @TempDir
    Path dir;

    @Test
    @EnabledIfSystemProperty(named = "cortado.bench", matches = "true")
    void listAndStatus_at100And1000Containers_idleAndUnderWrites() throws Exception {
        try (ContainerFixture f = new ContainerFixture(dir, SqliteMetadataStore.open(dir.resolve("cortado.db")))) {
            int made = 0;
            for (int level : new int[] {100, 1000}) {
                for (; made < level; made++) {
                    Container c = f.service.create(
                            f.podId,
                            ContainerFixture.config("c" + made)
                                    .putLabels("app", "a" + (made % 10))
                                    .build(),
                            ContainerFixture.podConfig());
                    f.service.start(c.id());
                }
                measure(f, level + " containers, idle", false);
                measure(f, level + " containers, under writes", true);
            }
        }
    }

    private static void measure(ContainerFixture f, String label, boolean writes) throws Exception {
        String some = f.service.list(ContainerFilter.ALL).get(7).id().substring(0, 12);
        ContainerFilter byLabel = new ContainerFilter("", Optional.of(ContainerState.RUNNING), "", Map.of("app", "a3"));
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (int i = 0; writes && !stop.get(); i++) {
                Container c = f.service.create(
                        f.podId, ContainerFixture.config("churn-" + i).build(), ContainerFixture.podConfig());
                f.service.remove(c.id());
            }
        });
        writer.start();
        try {
            for (int i = 0; i < 50; i++) { // warm-up
                f.service.list(ContainerFilter.ALL);
                f.service.status(some);
            }
            long[] all = new long[CALLS];
            long[] filtered = new long[CALLS];
            long[] status = new long[CALLS];
            for (int i = 0; i < CALLS; i++) {
                long t0 = System.nanoTime();
                f.service.list(ContainerFilter.ALL);
                long t1 = System.nanoTime();
                f.service.list(byLabel);
                long t2 = System.nanoTime();
                f.service.status(some);
                long t3 = System.nanoTime();
                all[i] = t1 - t0;
                filtered[i] = t2 - t1;
                status[i] = t3 - t2;
            }
            report(label, "ListContainers", all);
            report(label, "ListContainers(label,state)", filtered);
            report(label, "ContainerStatus(prefix)", status);
        } finally {
            stop.set(true);
            writer.join();
        }
    }

    private static void report(String label, String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf(
                "BENCH %-32s %-28s p50 %8.3f ms  p99 %8.3f ms%n",
                label, what, s[s.length / 2] / 1e6, s[(int) Math.ceil(s.length * 0.99) - 1] / 1e6);
    }
}
