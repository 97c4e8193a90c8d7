package dev.cortado.cri.container;

import dev.cortado.cri.logs.OutputSubscriber;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one of the container's output streams to an attached client on its own thread, from the
 * attacher's bounded queue ({@link OutputSubscriber}), flushing after each chunk so a prompt shows
 * at once. A stream the client did not ask for is taken and discarded: its end still tells the
 * session that the container's output is over.
 */
final class AttachPump {
    private static final Logger LOG = LoggerFactory.getLogger(AttachPump.class);

    /** How a pump ended. */
    enum End {
        OUTPUT_OVER,
        DROPPED,
        CLIENT_GONE,
        DETACHED
    }

    interface Listener {
        void ended(AttachPump pump, End how);
    }

    private final OutputSubscriber subscriber;
    private final Optional<OutputStream> client;
    private final String name;
    private final Listener listener;
    private Thread thread;

    AttachPump(OutputSubscriber subscriber, Optional<OutputStream> client, String name, Listener listener) {
        this.subscriber = subscriber;
        this.client = client;
        this.name = name;
        this.listener = listener;
    }

    void start() {
        thread = new Thread(this::copy, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void copy() {
        End how;
        try {
            byte[] chunk;
            while ((chunk = subscriber.take()) != null) {
                if (client.isPresent()) {
                    client.get().write(chunk);
                    client.get().flush();
                }
            }
            how = subscriber.dropped() ? End.DROPPED : End.OUTPUT_OVER;
        } catch (IOException e) {
            LOG.debug("{}: client gone: {}", name, e.toString());
            how = End.CLIENT_GONE;
        } catch (InterruptedException e) {
            how = End.DETACHED;
        }
        if (how == End.OUTPUT_OVER && isDetached()) {
            how = End.DETACHED; // take() answered null because close() came first
        }
        listener.ended(this, how);
    }

    private boolean isDetached() {
        return subscriber.closed();
    }

    /** Leaves the fan-out (the container's output goes on for the others) and wakes the thread. */
    void detach() {
        subscriber.close();
    }

    /** Waits a little for the thread, which a blocked write to a slow client may hold until the stream closes. */
    void join(long millis) throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join(millis);
        }
    }
}
