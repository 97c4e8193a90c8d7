package dev.cortado.ttrpc.server;

import dev.cortado.errors.CortadoException;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * The payloads a client streamed to one call that its handler has not read yet.
 *
 * <p>Bounded like ttrpc's 64-message receive channel (services.go {@code streamRecvBufferSize}):
 * {@link #offer} reports when the buffer is full so that the connection stops reading, and
 * {@code onDrained} runs when the handler has made room again. The network thread writes, one
 * handler thread reads.
 */
final class InboundBuffer {
    static final int CAPACITY = 64;

    private final Runnable onDrained;
    // @GuardedBy("this")
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    // @GuardedBy("this")
    private boolean closed;
    // @GuardedBy("this")
    private CortadoException failure;

    InboundBuffer(Runnable onDrained) {
        this.onDrained = onDrained;
    }

    /** Adds one payload; false when the buffer is now full and reading should pause. */
    synchronized boolean offer(byte[] payload) {
        queue.add(payload);
        notifyAll();
        return queue.size() < CAPACITY;
    }

    synchronized boolean isFull() {
        return queue.size() >= CAPACITY;
    }

    /** No more payloads will come (the client sent remote-closed). */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** The call is over: readers get {@code error} from now on, buffered payloads are dropped. */
    synchronized void fail(CortadoException error) {
        if (failure == null) {
            failure = error;
            queue.clear();
            notifyAll();
        }
    }

    /**
     * The next payload, empty at the end of the stream. Waits without a limit: the call's
     * deadline timer ends the wait through {@link #fail}.
     */
    Optional<byte[]> take() throws InterruptedException {
        boolean drained;
        byte[] payload;
        synchronized (this) {
            while (failure == null && queue.isEmpty() && !closed) {
                wait();
            }
            if (failure != null) {
                throw failure;
            }
            if (queue.isEmpty()) {
                return Optional.empty();
            }
            boolean wasFull = queue.size() >= CAPACITY;
            payload = queue.poll();
            drained = wasFull && queue.size() < CAPACITY;
        }
        if (drained) {
            onDrained.run();
        }
        return Optional.of(payload);
    }
}
