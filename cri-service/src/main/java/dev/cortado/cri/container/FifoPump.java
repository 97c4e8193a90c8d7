package dev.cortado.cri.container;

import dev.cortado.cri.logs.Fifos.FifoStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one exec output fifo to the streaming client on its own thread, flushing after each
 * read so an interactive shell's prompt shows at once. Once the client is gone (a write throws)
 * the fifo is still drained, so the process never blocks on a full pipe before it is killed.
 */
final class FifoPump {
    private static final Logger LOG = LoggerFactory.getLogger(FifoPump.class);
    private static final int BUFFER = 32 * 1024;

    private final FifoStream fifo;
    private final OutputStream client;
    private final String name;
    private final CountDownLatch done = new CountDownLatch(1);
    private Thread thread;

    FifoPump(FifoStream fifo, OutputStream client, String name) {
        this.fifo = fifo;
        this.client = client;
        this.name = name;
    }

    void start() {
        thread = new Thread(this::copy, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void copy() {
        byte[] buf = new byte[BUFFER];
        boolean clientGone = false;
        try {
            int n;
            while ((n = fifo.read(buf)) > 0) {
                if (clientGone) {
                    continue;
                }
                try {
                    client.write(buf, 0, n);
                    client.flush();
                } catch (IOException e) {
                    clientGone = true;
                    LOG.debug("{}: client gone: {}", name, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("{}: reading the exec's fifo failed: {}", name, e.toString());
        } finally {
            done.countDown();
        }
    }

    /** The exec exited: its fifo ends once the shim closed its end and what is left was read. */
    void writersGone() {
        fifo.writersGone();
    }

    /** Waits until the fifo reached EOF and all of it was written; false when {@code timeout} passed. */
    boolean await(Duration timeout) throws InterruptedException {
        return done.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** Stops copying (a background child may hold the fifo open), then closes the fifo. */
    void close() {
        fifo.wake();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(1).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warn("{}: still writing to a slow client; leaving its fifo open to that thread", name);
                return;
            }
        }
        fifo.close();
    }
}
