package dev.cortado.cri.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CancellationTest {

    @Test
    void cancel_runsTheCallbacksOnTheExecutor_neverOnTheCancellingThread() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-cancels"));
        try {
            Cancellation cancellation = new Cancellation(executor);
            AtomicReference<String> ranOn = new AtomicReference<>();
            cancellation.onCancel(() -> ranOn.set(Thread.currentThread().getName()));

            cancellation.cancel(); // as the event loop does when a connection closes

            executor.shutdown();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ranOn.get()).isEqualTo("test-cancels");
            assertThat(cancellation.isCancelled()).isTrue();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aCallbackRegisteredAfterTheCancel_runsAtOnce_onTheExecutor() {
        List<Runnable> queued = new ArrayList<>();
        Cancellation cancellation = new Cancellation(queued::add);
        cancellation.cancel();
        List<String> ran = new ArrayList<>();

        cancellation.onCancel(() -> ran.add("late"));

        assertThat(ran).isEmpty();
        assertThat(queued).hasSize(1);
        queued.get(0).run();
        assertThat(ran).containsExactly("late");
    }

    @Test
    void aCompletedSession_cancelsNothingWhenItsConnectionCloses() {
        List<Runnable> queued = new ArrayList<>();
        Cancellation cancellation = new Cancellation(queued::add);
        List<String> ran = new ArrayList<>();
        cancellation.onCancel(() -> ran.add("kill"));

        cancellation.complete(); // the exec ended and its status was sent
        cancellation.cancel(); // then the client closed the connection
        cancellation.onCancel(() -> ran.add("late"));

        assertThat(queued).isEmpty();
        assertThat(ran).isEmpty();
    }
}
