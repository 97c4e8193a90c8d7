package dev.cortado.shim.events;

/** Where the task service publishes events; must keep the order of calls. */
public interface EventSink {

    /** Queues {@code event} for the containerd namespace {@code namespace}; never blocks for long. */
    void publish(String namespace, TaskEvent event);

    /** A sink that drops everything (no containerd to tell). */
    static EventSink discarding() {
        return (namespace, event) -> { };
    }
}
