package dev.cortado.cri.container;

import dev.cortado.cri.store.SqliteMetadataStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Times the container service's own share of Create/Start/Stop/Remove (spec building, files,
 * fifos, the SQLite store with synchronous=FULL) with fake tasks, io and mounts, so the shim and
 * the kernel are left out. Not a unit test: {@code mvn -pl cri-service -am test
 * -Dtest=ContainerServiceBenchmark -Dcortado.bench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ContainerServiceBenchmark {
    @TempDir
    Path dir;

    @Test
    @EnabledIfSystemProperty(named = "cortado.bench", matches = "true")
    void lifecycleOf50Containers() throws Exception {
        int n = 50;
        long[] create = new long[n];
        long[] start = new long[n];
        long[] stop = new long[n];
        long[] remove = new long[n];
        try (ContainerFixture f = new ContainerFixture(dir, SqliteMetadataStore.open(dir.resolve("cortado.db")))) {
            for (int i = -10; i < n; i++) {
                long t0 = System.nanoTime();
                Container c = f.create("bench-" + i);
                long t1 = System.nanoTime();
                f.service.start(c.id());
                long t2 = System.nanoTime();
                f.service.stop(c.id(), Duration.ofSeconds(10));
                long t3 = System.nanoTime();
                f.service.remove(c.id());
                long t4 = System.nanoTime();
                if (i >= 0) {
                    create[i] = t1 - t0;
                    start[i] = t2 - t1;
                    stop[i] = t3 - t2;
                    remove[i] = t4 - t3;
                }
            }
        }
        report("CreateContainer", create);
        report("StartContainer", start);
        report("StopContainer", stop);
        report("RemoveContainer", remove);
    }

    private static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf(
                "BENCH %-16s p50 %6.2f ms  p99 %6.2f ms%n",
                what, s[s.length / 2] / 1e6, s[(int) Math.ceil(s.length * 0.99) - 1] / 1e6);
    }
}
