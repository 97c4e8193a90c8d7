package dev.cortado.cri.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the client's stdin into an exec's stdin fifo on its own thread; at the client's EOF it
 * closes the fifo and calls {@code onEof} (CloseIO, so the process sees EOF even where the shim
 * keeps the fifo open). The fifo is opened read-write, which never blocks on Linux whether or not
 * the shim has opened its read end yet (fifo(7)).
 */
final class StdinFeeder {
    private static final Logger LOG = LoggerFactory.getLogger(StdinFeeder.class);

    private final RandomAccessFile fifo;
    private final String name;

    private StdinFeeder(RandomAccessFile fifo, String name) {
        this.fifo = fifo;
        this.name = name;
    }

    static StdinFeeder open(Path fifo, String name) throws IOException {
        return new StdinFeeder(new RandomAccessFile(fifo.toFile(), "rw"), name);
    }

    void start(InputStream client, Runnable onEof) {
        Thread t = new Thread(() -> copy(client, onEof), name);
        t.setDaemon(true);
        t.start();
    }

    private void copy(InputStream client, Runnable onEof) {
        byte[] buf = new byte[32 * 1024];
        try {
            int n;
            while ((n = client.read(buf)) >= 0) {
                fifo.write(buf, 0, n); // write(2): a fifo has no position to seek
            }
            close();
            onEof.run();
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: stdin copy ended: {}", name, e.toString());
        } finally {
            close();
        }
    }

    /** Closes the fifo's write end (idempotent). */
    void close() {
        try {
            fifo.close();
        } catch (IOException e) {
            LOG.debug("{}: close: {}", name, e.toString());
        }
    }
}
