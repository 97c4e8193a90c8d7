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
 * Delivers task events to subscribers on one thread, in the order they were published, so
 * every subscriber sees a task's events in the shim's order (create, start, exit, delete). A
 * subscriber that throws is logged and keeps its subscription; subscribers must return quickly.
 */
public final class EventDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private final List<Consumer<TaskEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "task-events");
        t.setDaemon(true);
        return t;
    });

    /** Adds a subscriber; closing the returned handle removes it. */
    public AutoCloseable subscribe(Consumer<TaskEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Queues an event behind every event published before it. */
    public void publish(TaskEvent event) {
        delivery.execute(() -> {
            for (Consumer<TaskEvent> s : subscribers) {
                try {
                    s.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("task event subscriber failed on {}", event, e);
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
