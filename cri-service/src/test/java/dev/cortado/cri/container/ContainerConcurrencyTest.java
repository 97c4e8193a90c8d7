package dev.cortado.cri.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent calls on one container, or for one name, are safe (research/reliability.md §3.6). */
class ContainerConcurrencyTest {
    @TempDir
    Path dir;

    ContainerFixture f;
    final ExecutorService pool = Executors.newFixedThreadPool(4);

    @BeforeEach
    void setUp() throws Exception {
        f = new ContainerFixture(dir);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        f.close();
    }

    @Test
    void stopAndRemoveAtOnce_bothSucceedAndTheContainerIsGone() throws Exception {
        for (int i = 0; i < 20; i++) {
            Container c = f.running("race-" + i);
            CyclicBarrier barrier = new CyclicBarrier(3);
            List<Future<?>> done = new ArrayList<>();
            done.add(pool.submit(at(barrier, () -> {
                f.service.stop(c.id(), Duration.ofSeconds(1));
                return null;
            })));
            done.add(pool.submit(at(barrier, () -> {
                f.service.remove(c.id());
                return null;
            })));
            done.add(pool.submit(at(barrier, () -> {
                f.service.stop(c.id(), Duration.ZERO);
                return null;
            })));
            for (Future<?> d : done) {
                d.get();
            }
            assertThat(f.service.list(ContainerFilter.ALL)).isEmpty();
            assertThat(f.mounter.mounted).isEmpty();
        }
        assertThat(f.tasks.live).isEmpty();
    }

    @Test
    void createOfOneNameAtOnce_oneWinsTheOtherIsAlreadyExists() throws Exception {
        for (int i = 0; i < 10; i++) {
            String name = "same-" + i;
            CyclicBarrier barrier = new CyclicBarrier(2);
            Future<Object> a = pool.submit(at(barrier, () -> f.create(name)));
            Future<Object> b = pool.submit(at(barrier, () -> f.create(name)));
            int ok = 0;
            int taken = 0;
            for (Future<Object> x : List.of(a, b)) {
                try {
                    x.get();
                    ok++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(CortadoException.class);
                    assertThat(((CortadoException) e.getCause()).kind()).isEqualTo(ErrorKind.ALREADY_EXISTS);
                    taken++;
                }
            }
            assertThat(ok).isEqualTo(1);
            assertThat(taken).isEqualTo(1);
        }
        assertThat(f.service.list(ContainerFilter.ALL)).hasSize(10);
        assertThat(f.mounter.mounted).hasSize(10);
    }

    @Test
    void exitDuringStop_isRecordedOnce() throws Exception {
        for (int i = 0; i < 20; i++) {
            Container c = f.running("exit-" + i);
            CyclicBarrier barrier = new CyclicBarrier(2);
            Future<Object> stop = pool.submit(at(barrier, () -> {
                f.service.stop(c.id(), Duration.ofSeconds(1));
                return null;
            }));
            Future<Object> exit = pool.submit(at(barrier, () -> {
                f.tasks.exit(c.id(), "", 0);
                return null;
            }));
            stop.get();
            exit.get();
            Container after = f.service.status(c.id());
            assertThat(after.state()).isEqualTo(ContainerState.EXITED);
            long stopped = f.eventTypes(c.id(), 3).stream()
                    .filter(t -> t == ContainerEvent.Type.STOPPED)
                    .count();
            Thread.sleep(20);
            assertThat(stopped).isEqualTo(1);
        }
    }

    private static <T> Callable<T> at(CyclicBarrier barrier, Callable<T> work) {
        return () -> {
            barrier.await();
            return work.call();
        };
    }
}
