package dev.cortado.shim.task;

import dev.cortado.shim.events.EventSink;
import dev.cortado.shim.events.TaskEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link EventSink} that records topics in order. */
public final class RecordingEvents implements EventSink {
    public final List<TaskEvent> events = new CopyOnWriteArrayList<>();
    /** Topics whose publishing throws (a failure injected at that step). */
    public final java.util.Set<String> failing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void publish(String namespace, TaskEvent event) {
        if (failing.contains(event.topic())) {
            throw dev.cortado.errors.CortadoException.internal("injected failure publishing " + event.topic(), null);
        }
        events.add(event);
    }

    /** Topics delivered but never confirmed: the server "dies" between containerd's answer and its record. */
    public final java.util.Set<String> unconfirmed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void publish(String namespace, TaskEvent event, Runnable delivered) {
        publish(namespace, event);
        if (!unconfirmed.contains(event.topic())) {
            delivered.run();
        }
    }

    public List<String> topics() {
        return events.stream().map(TaskEvent::topic).toList();
    }
}
