package dev.cortado.cri.runtime.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cortado.cri.runtime.EventDispatcher;
import dev.cortado.cri.runtime.TaskEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The task service's events reach cortado's dispatcher as our records, in order, with the namespace. */
class HostEventsTest {
    @Test
    void everyEvent_arrivesInOrder_asOurRecord() {
        List<TaskEvent> seen = new CopyOnWriteArrayList<>();
        Instant at = Instant.ofEpochSecond(100, 7);
        try (EventDispatcher<TaskEvent> dispatcher = new EventDispatcher<>("test-events")) {
            dispatcher.subscribe(seen::add);
            HostEvents sink = new HostEvents(dispatcher);
            List<dev.cortado.shim.events.TaskEvent> sent = List.of(
                    new dev.cortado.shim.events.TaskEvent.Created("c", "/b", "", "/o", "", false, 11),
                    new dev.cortado.shim.events.TaskEvent.Started("c", 11),
                    new dev.cortado.shim.events.TaskEvent.ExecAdded("c", "x"),
                    new dev.cortado.shim.events.TaskEvent.ExecStarted("c", "x", 12),
                    new dev.cortado.shim.events.TaskEvent.Exited("c", "x", 12, 3, at),
                    new dev.cortado.shim.events.TaskEvent.Paused("c"),
                    new dev.cortado.shim.events.TaskEvent.Resumed("c"),
                    new dev.cortado.shim.events.TaskEvent.Oom("c"),
                    new dev.cortado.shim.events.TaskEvent.Exited("c", "c", 11, 137, at),
                    new dev.cortado.shim.events.TaskEvent.Deleted("c", "c", 11, 137, at));
            boolean[] delivered = {false};
            for (dev.cortado.shim.events.TaskEvent e : sent) {
                sink.publish("k8s.io", e, () -> delivered[0] = true);
            }
            await().until(() -> seen.size() == sent.size());
            assertThat(delivered[0]).isTrue();
        }
        assertThat(seen)
                .containsExactly(
                        new TaskEvent.Created("k8s.io", "c", 11, "/b"),
                        new TaskEvent.Started("k8s.io", "c", 11),
                        new TaskEvent.ExecAdded("k8s.io", "c", "x"),
                        new TaskEvent.ExecStarted("k8s.io", "c", "x", 12),
                        new TaskEvent.Exited("k8s.io", "c", "x", 12, 3, at, false),
                        new TaskEvent.Paused("k8s.io", "c"),
                        new TaskEvent.Resumed("k8s.io", "c"),
                        new TaskEvent.Oom("k8s.io", "c"),
                        new TaskEvent.Exited("k8s.io", "c", "c", 11, 137, at, false),
                        new TaskEvent.Deleted("k8s.io", "c", "c", 11, 137, at));
    }
}
