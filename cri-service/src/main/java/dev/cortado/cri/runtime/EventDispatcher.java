package dev.cortado.cri.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to subscribers on one thread, in the order they were published, so every
 * subscriber sees them in that order: a task's events in the shim's order (create, start, exit,
 * delete), a container's lifecycle events in the order they were persisted. A subscriber that
 * throws is logged and keeps its subscription; subscribers must return quickly.
 *
 * @param <T> the event type
 */
public final class EventDispatcher<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private final List<Consumer<T>> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery;

    /** Task events, delivered on the thread {@code task-events}. */
    public EventDispatcher() {
        this("task-events");
    }

    /** Events delivered on a daemon thread of this name. */
    public EventDispatcher(String threadName) {
        delivery = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Adds a subscriber; closing the returned handle removes it. */
    public AutoCloseable subscribe(Consumer<T> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Queues an event behind every event published before it. */
    public void publish(T event) {
        delivery.execute(() -> {
            for (Consumer<T> s : subscribers) {
                try {
                    s.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("event subscriber failed on {}", event, e);
                }
            }
        });
    }

    @Override
    public void close() {
        delivery.shutdown();
        try {
            delivery.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
