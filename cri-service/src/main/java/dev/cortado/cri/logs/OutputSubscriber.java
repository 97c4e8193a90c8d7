package dev.cortado.cri.logs;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attacher's view of an {@link OutputFanout}: a queue of chunks bounded in bytes, taken by
 * the attacher's own thread. When an offer would overflow it, the attacher is dropped: its queue
 * is emptied (the memory is freed at once) and {@link #take} answers {@code null} with
 * {@link #dropped} true, so the client sees its stream end rather than a silent gap.
 */
public final class OutputSubscriber implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputSubscriber.class);

    private final String name;
    private final int capacityBytes;
    private final Consumer<OutputSubscriber> onGone;
    // @GuardedBy("this")
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    // @GuardedBy("this")
    private long queuedBytes;
    // @GuardedBy("this")
    private boolean ended;
    // @GuardedBy("this")
    private boolean dropped;
    // @GuardedBy("this")
    private boolean closed;

    OutputSubscriber(String name, int capacityBytes, Consumer<OutputSubscriber> onGone) {
        this.name = name;
        this.capacityBytes = capacityBytes;
        this.onGone = onGone;
    }

    /**
     * The next chunk, waiting for one; {@code null} once the stream ended and everything queued
     * was taken, once this attacher was dropped, or once it was closed.
     */
    public synchronized byte[] take() throws InterruptedException {
        while (chunks.isEmpty() && !ended && !dropped && !closed) {
            wait();
        }
        if (dropped || closed || chunks.isEmpty()) {
            return null;
        }
        byte[] chunk = chunks.removeFirst();
        queuedBytes -= chunk.length;
        return chunk;
    }

    /** Whether this attacher fell {@code capacityBytes} behind and was cut off. */
    public synchronized boolean dropped() {
        return dropped;
    }

    /** Whether {@link #close} was called. */
    public synchronized boolean closed() {
        return closed;
    }

    /** Bytes waiting to be taken. */
    public synchronized long queuedBytes() {
        return queuedBytes;
    }

    /** Detaches: leaves the fan-out, frees the queue and wakes a waiting {@link #take}. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            chunks.clear();
            queuedBytes = 0;
            notifyAll();
        }
        onGone.accept(this);
    }

    void offer(byte[] chunk) {
        boolean overflow;
        synchronized (this) {
            if (closed || dropped || ended) {
                return;
            }
            overflow = queuedBytes + chunk.length > capacityBytes;
            if (overflow) {
                dropped = true;
                chunks.clear();
                queuedBytes = 0;
            } else {
                chunks.addLast(chunk);
                queuedBytes += chunk.length;
            }
            notifyAll();
        }
        if (overflow) {
            LOG.info("attacher of {} fell {} bytes behind; dropped", name, capacityBytes);
            onGone.accept(this);
        }
    }

    synchronized void end() {
        ended = true;
        notifyAll();
    }
}
