package dev.cortado.shim.events;

/** Where the task service publishes events; must keep the order of calls. */
public interface EventSink {

    /** Queues {@code event} for the containerd namespace {@code namespace}; never blocks for long. */
    void publish(String namespace, TaskEvent event);

    /**
     * As {@link #publish(String, TaskEvent)}, running {@code delivered} once containerd took the
     * event (a sink that cannot tell runs it when it queued the event); never when it was dropped.
     */
    default void publish(String namespace, TaskEvent event, Runnable delivered) {
        publish(namespace, event);
        delivered.run();
    }

    /** A sink that drops everything (no containerd to tell). */
    static EventSink discarding() {
        return (namespace, event) -> {};
    }
}
