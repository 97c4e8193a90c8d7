package dev.cortado.cri.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.ErrorKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The attachers' fan-out: everyone sees the output, nobody can hold it up, nothing stays behind. */
class OutputFanoutTest {
    private final OutputFanout fanout = new OutputFanout("ctr-attach-c1 stdout", 64);

    private void publish(String text) {
        byte[] b = ("xx" + text).getBytes(StandardCharsets.UTF_8);
        fanout.publish(b, 2, b.length - 2); // an offset, as the pump's read buffer
    }

    private static String drain(OutputSubscriber s) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk;
        while ((chunk = s.take()) != null) {
            out.writeBytes(chunk);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void severalAttachers_eachSeeEverythingPublishedAfterTheyCame_thenTheEnd() throws Exception {
        publish("before anyone\n");
        OutputSubscriber a = fanout.subscribe();
        OutputSubscriber b = fanout.subscribe();
        publish("one\n");
        publish("two\n");
        fanout.end();
        assertThat(drain(a)).isEqualTo("one\ntwo\n");
        assertThat(drain(b)).isEqualTo("one\ntwo\n");
        assertThat(a.dropped()).isFalse();
        assertThat(fanout.subscribers()).isZero();
    }

    /** CI saw an attacher whose end it had read still counted: it must be gone before it ends. */
    @Test
    void anAttacherWokenByTheEnd_isAlreadyGone() throws Exception {
        for (int i = 0; i < 200; i++) {
            OutputFanout stream = new OutputFanout("ctr-attach-c" + i + " stdout", 64);
            OutputSubscriber a = stream.subscribe();
            for (int other = 0; other < 200; other++) {
                stream.subscribe(); // the end reaches these after the first: the window CI hit
            }
            CompletableFuture<Integer> seen = CompletableFuture.supplyAsync(() -> {
                try {
                    assertThat(a.take()).isNull();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return stream.subscribers();
            });
            stream.end();
            assertThat(seen.get(10, TimeUnit.SECONDS)).as("round %d", i).isZero();
        }
    }

    @Test
    void aWaitingAttacher_isWokenByEachChunk() throws Exception {
        OutputSubscriber a = fanout.subscribe();
        CompletableFuture<byte[]> next = CompletableFuture.supplyAsync(() -> {
            try {
                return a.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertThat(next).isNotDone();
        publish("hello");
        assertThat(new String(next.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                .isEqualTo("hello");
    }

    @Test
    void aSlowAttacher_isDroppedAtItsBound_whileTheOthersAndThePublisherGoOn() throws Exception {
        OutputSubscriber slow = fanout.subscribe();
        OutputSubscriber fast = fanout.subscribe();
        StringBuilder seen = new StringBuilder();
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            publish("0123456789"); // 100 bytes in all: slow never takes, its 64-byte bound overflows
            byte[] chunk = fast.take();
            seen.append(new String(chunk, StandardCharsets.UTF_8));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("publishing never waits")
                .isLessThan(Duration.ofSeconds(2));
        assertThat(seen.toString()).hasSize(100);
        assertThat(slow.dropped()).isTrue();
        assertThat(slow.queuedBytes()).as("its memory is freed at once").isZero();
        assertThat(slow.take()).as("its stream ends instead of skipping output").isNull();
        assertThat(fanout.subscribers()).isEqualTo(1);
        assertThat(fast.dropped()).isFalse();
    }

    @Test
    void detaching_leavesTheFanout_wakesItsReader_andLaterOutputCostsItNothing() throws Exception {
        OutputSubscriber a = fanout.subscribe();
        OutputSubscriber b = fanout.subscribe();
        CompletableFuture<byte[]> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return a.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        a.close();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(fanout.subscribers()).isEqualTo(1);
        publish("after");
        assertThat(a.queuedBytes()).isZero();
        b.close();
        b.close(); // idempotent
        assertThat(fanout.subscribers()).isZero();
    }

    @Test
    void attachingAfterTheEnd_endsAtOnce() throws Exception {
        fanout.end();
        OutputSubscriber late = fanout.subscribe();
        assertThat(late.take()).isNull();
        assertThat(late.dropped()).isFalse();
        assertThat(fanout.subscribers()).isZero();
    }

    @Test
    void aBoundThatIsNotPositive_isInvalid() {
        assertThatThrownBy(() -> new OutputFanout("x", 0))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.INVALID_ARGUMENT);
    }
}
