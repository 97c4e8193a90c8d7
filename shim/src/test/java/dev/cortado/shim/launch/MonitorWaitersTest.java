package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cortado.shim.process.ExitStatus;
import dev.cortado.shim.process.Monitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Privileged: every client waiting on one monitor gets the exit, however many there are. */
class MonitorWaitersTest extends PrivilegedLauncherFixture {
    private static final int WAITERS = 40; // the monitor used to hold 32 and close the rest unanswered

    private static long openFds(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        }
    }

    private static long parentOf(int pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("PPid:"))
                .map(l -> Long.parseLong(l.substring(5).trim()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void fortyConcurrentWaiters_allGetTheExit() throws Exception {
        Monitor m = containers.create(shell("sleep 1000"));
        m.start();
        long monitorPid = parentOf(m.state().pid());
        long before = openFds(monitorPid);
        ExecutorService pool = Executors.newFixedThreadPool(WAITERS);
        try {
            List<Future<ExitStatus>> waits = new ArrayList<>();
            for (int i = 0; i < WAITERS; i++) {
                waits.add(pool.submit(m::waitForExit));
            }
            // every waiter holds a connection in the monitor before the container dies; the old
            // monitor closed the 33rd onwards at once, without a reply
            // (less a margin of 2: "before" may still count the connection of the state call just
            // made, which the monitor closes on its own time; 38 is still past the old 32)
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> openFds(monitorPid) >= before + WAITERS - 2
                            || waits.stream().anyMatch(Future::isDone));
            assertThat(waits).as("waiters answered or dropped before the exit").noneMatch(Future::isDone);
            m.kill(9);

            for (Future<ExitStatus> w : waits) {
                assertThat(w.get(20, TimeUnit.SECONDS).code()).isEqualTo(128 + 9);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
