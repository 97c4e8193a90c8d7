package dev.cortado.shim.events;

import java.time.Instant;

/** Delivers one event to containerd; throws when it could not (the publisher retries). */
@FunctionalInterface
public interface Forwarder {

    /** Sends the event, stamped with the time it happened. */
    void forward(String namespace, Instant timestamp, TaskEvent event) throws Exception;
}
