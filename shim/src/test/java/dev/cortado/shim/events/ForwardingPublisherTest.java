package dev.cortado.shim.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ForwardingPublisherTest {
    @Test
    void events_areDeliveredInPublishOrder() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (ForwardingPublisher p =
                new ForwardingPublisher((ns, ts, e) -> seen.add(e.topic()), Clock.systemUTC(), Duration.ZERO)) {
            p.publish("ns", new TaskEvent.Created("c", "/b", "", "", "", false, 1));
            p.publish("ns", new TaskEvent.Started("c", 1));
            p.publish("ns", new TaskEvent.Exited("c", "c", 1, 0, java.time.Instant.EPOCH));
            p.publish("ns", new TaskEvent.Deleted("c", "c", 1, 0, java.time.Instant.EPOCH));
            p.drain(Duration.ofSeconds(5));
            org.awaitility.Awaitility.await().until(() -> seen.size() == 4);
        }
        assertThat(seen).containsExactly("/tasks/create", "/tasks/start", "/tasks/exit", "/tasks/delete");
    }

    @Test
    void failedDelivery_isRetriedBeforeTheNextEvent() {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger failures = new AtomicInteger(2);
        try (ForwardingPublisher p = new ForwardingPublisher(
                (ns, ts, e) -> {
                    if (e instanceof TaskEvent.Started && failures.getAndDecrement() > 0) {
                        throw new IllegalStateException("containerd away");
                    }
                    seen.add(e.topic());
                },
                Clock.systemUTC(),
                Duration.ZERO)) {
            p.publish("ns", new TaskEvent.Started("c", 1));
            p.publish("ns", new TaskEvent.Paused("c"));
            org.awaitility.Awaitility.await().until(() -> seen.size() == 2);
        }
        assertThat(seen).containsExactly("/tasks/start", "/tasks/paused");
    }

    @Test
    void deliveredCallback_runsAfterContainerdTookTheEvent_neverForADroppedOne() {
        List<String> seen = new CopyOnWriteArrayList<>();
        List<String> delivered = new CopyOnWriteArrayList<>();
        try (ForwardingPublisher p = new ForwardingPublisher(
                (ns, ts, e) -> {
                    if (e instanceof TaskEvent.Oom) {
                        throw new IllegalStateException("containerd away");
                    }
                    seen.add(e.topic());
                },
                Clock.systemUTC(),
                Duration.ZERO)) {
            p.publish("ns", new TaskEvent.Oom("c"), () -> delivered.add("oom"));
            p.publish(
                    "ns",
                    new TaskEvent.Exited("c", "c", 1, 0, java.time.Instant.EPOCH),
                    () -> delivered.add("exit after " + seen));
            org.awaitility.Awaitility.await().until(() -> delivered.size() == 1);
        }
        assertThat(delivered).containsExactly("exit after [/tasks/exit]");
    }

    @Test
    void encodedEvents_useContainerdsBareTypeUrls() {
        assertThat(EventEncoder.encode(new TaskEvent.Oom("c")).getTypeUrl()).isEqualTo("containerd.events.TaskOOM");
        assertThat(EventEncoder.encode(new TaskEvent.Exited("c", "e", 1, 2, java.time.Instant.EPOCH))
                        .getTypeUrl())
                .isEqualTo("containerd.events.TaskExit");
    }
}
