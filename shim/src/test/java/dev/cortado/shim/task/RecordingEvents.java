package dev.cortado.shim.task;

import dev.cortado.shim.events.EventSink;
import dev.cortado.shim.events.TaskEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link EventSink} that records topics in order. */
public final class RecordingEvents implements EventSink {
    public final List<TaskEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String namespace, TaskEvent event) {
        events.add(event);
    }

    public List<String> topics() {
        return events.stream().map(TaskEvent::topic).toList();
    }
}
