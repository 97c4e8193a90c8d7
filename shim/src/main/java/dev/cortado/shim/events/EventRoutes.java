package dev.cortado.shim.events;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Sends each containerd namespace's events to the containerd that asked for that namespace:
 * one server serves every containerd on the node, and each {@code start} names its caller's
 * ttrpc address ({@code TTRPC_ADDRESS}, or BootstrapParams on 2.3+). Namespaces nobody routed
 * use the default sink (the address the server was started with).
 */
public final class EventRoutes implements EventSink, AutoCloseable {
    private final EventSink fallback;
    private final Function<String, EventSink> sinkFor;
    private final Map<String, String> addressOf = new ConcurrentHashMap<>();
    private final Map<String, EventSink> sinks = new ConcurrentHashMap<>();

    /** Routes to sinks made by {@code sinkFor(address)}, one per address; {@code fallback} otherwise. */
    public EventRoutes(EventSink fallback, Function<String, EventSink> sinkFor) {
        this.fallback = fallback;
        this.sinkFor = sinkFor;
    }

    /** From now on the events of {@code namespace} go to containerd at {@code ttrpcAddress} (empty: the default). */
    public void route(String namespace, String ttrpcAddress) {
        if (ttrpcAddress == null || ttrpcAddress.isEmpty()) {
            return;
        }
        addressOf.put(namespace, ttrpcAddress);
        sinks.computeIfAbsent(ttrpcAddress, sinkFor);
    }

    /** Where {@code namespace}'s events go, empty when to the default. */
    public String addressOf(String namespace) {
        return addressOf.getOrDefault(namespace, "");
    }

    @Override
    public void publish(String namespace, TaskEvent event) {
        String address = addressOf.get(namespace);
        (address == null ? fallback : sinks.get(address)).publish(namespace, event);
    }

    @Override
    public void publish(String namespace, TaskEvent event, Runnable delivered) {
        String address = addressOf.get(namespace);
        (address == null ? fallback : sinks.get(address)).publish(namespace, event, delivered);
    }

    /** Waits up to {@code timeout} for every queue to empty. */
    public void drain(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        for (EventSink s : allSinks()) {
            if (s instanceof ForwardingPublisher p) {
                p.drain(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
            }
        }
    }

    private java.util.List<EventSink> allSinks() {
        java.util.List<EventSink> all = new java.util.ArrayList<>(sinks.values());
        all.add(fallback);
        return all;
    }

    @Override
    public void close() {
        for (EventSink s : allSinks()) {
            if (s instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing a publisher only stops its thread
                }
            }
        }
    }
}
