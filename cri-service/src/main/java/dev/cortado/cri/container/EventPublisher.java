package dev.cortado.cri.container;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers container events to subscribers on one thread, in the order they were published
 * (each is published after its state is persisted). A subscriber that throws is logged and keeps
 * its subscription; subscribers must return quickly (the CRI adapter queues per stream).
 */
final class EventPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private final List<Consumer<ContainerEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "container-events");
        t.setDaemon(true);
        return t;
    });

    AutoCloseable subscribe(Consumer<ContainerEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    void publish(ContainerEvent event) {
        delivery.execute(() -> {
            for (Consumer<ContainerEvent> s : subscribers) {
                try {
                    s.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("container event subscriber failed on {}", event, e);
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
