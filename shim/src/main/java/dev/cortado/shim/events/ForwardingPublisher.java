package dev.cortado.shim.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventSink} that delivers events in order from one thread, as containerd's
 * {@code pkg/shim/publisher.go}: a queue of 2048, each failed event retried after {@code
 * attempt} x backoff, at most 5 times, then dropped with a warning. A full queue drops the
 * new event (publishing never blocks a task operation).
 */
public final class ForwardingPublisher implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardingPublisher.class);
    static final int QUEUE = 2048;
    static final int MAX_ATTEMPTS = 5;

    private final Forwarder forwarder;
    private final Clock clock;
    private final Duration backoff;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(QUEUE);
    private final Thread sender;
    private volatile boolean closed;

    private record Pending(String namespace, Instant timestamp, TaskEvent event, Runnable delivered) {}

    public ForwardingPublisher(Forwarder forwarder, Clock clock, Duration backoff) {
        this.forwarder = forwarder;
        this.clock = clock;
        this.backoff = backoff;
        this.sender = new Thread(this::run, "event-publisher");
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public void publish(String namespace, TaskEvent event) {
        publish(namespace, event, () -> {});
    }

    @Override
    public void publish(String namespace, TaskEvent event, Runnable delivered) {
        if (!queue.offer(new Pending(namespace, clock.instant(), event, delivered))) {
            LOG.warn("event queue full, dropping {} {} in {}", event.topic(), event, namespace);
        }
    }

    private void run() {
        while (!closed) {
            Pending p;
            try {
                p = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            deliver(p);
        }
    }

    private void deliver(Pending p) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                forwarder.forward(p.namespace(), p.timestamp(), p.event());
            } catch (Exception e) {
                LOG.warn("publish {} (attempt {}): {}", p.event().topic(), attempt, e.toString());
                try {
                    Thread.sleep(backoff.multipliedBy(attempt).toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
                continue;
            }
            try {
                p.delivered().run();
            } catch (RuntimeException e) {
                LOG.warn("after delivering {}: {}", p.event().topic(), e.toString());
            }
            return;
        }
        LOG.error("dropped event {} {} after {} attempts", p.event().topic(), p.event(), MAX_ATTEMPTS);
    }

    /** Waits until every queued event was handled (or {@code timeout} passed); for tests and shutdown. */
    public boolean drain(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!queue.isEmpty() && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return queue.isEmpty();
    }

    @Override
    public void close() {
        closed = true;
        sender.interrupt();
    }
}
