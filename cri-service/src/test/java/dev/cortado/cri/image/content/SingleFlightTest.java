package dev.cortado.cri.image.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightTest {
    @Test
    void run_concurrentCallersOfOneKey_shareOneExecution() throws Exception {
        SingleFlight<String, Integer> flight = new SingleFlight<>();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            results.add(pool.submit(() -> flight.run("blob", () -> {
                started.countDown();
                await(release);
                return runs.incrementAndGet();
            })));
            started.await();
            for (int i = 0; i < 3; i++) {
                results.add(pool.submit(() -> flight.run("blob", runs::incrementAndGet)));
            }
            Thread.sleep(50); // give the waiters a chance to join the running flight
            release.countDown();
            for (Future<Integer> r : results) {
                r.get();
            }
            // late callers may start a new flight after the first finished; none ran while it was running
            assertThat(results.get(0).get()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
