package dev.cortado.cri.runtime;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shim's log fifo {@code <bundle>/log}: containerd makes it and copies what the shim
 * writes into its own log ({@code shim_unix.go openShimLog}); runc's shim fails to start its
 * server without it. Opened read-write, so opening never blocks and a shim that closes its end
 * gives no end of file; a daemon thread logs each line until {@link #close}.
 */
public final class ShimLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShimLog.class);
    private final Path path;
    private final FileChannel channel;

    private ShimLog(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    static ShimLog open(Path path, String id, FifoMaker fifos) {
        try {
            if (!Files.exists(path)) {
                fifos.mkfifo(path);
            }
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            ShimLog log = new ShimLog(path, channel);
            Thread reader = new Thread(() -> log.copy(id), "shim-log-" + id);
            reader.setDaemon(true);
            reader.start();
            return log;
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "cannot open the shim log fifo " + path, e);
        }
    }

    private void copy(String id) {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        StringBuilder line = new StringBuilder();
        try {
            while (channel.read(buf) >= 0) {
                buf.flip();
                line.append(StandardCharsets.UTF_8.decode(buf));
                buf.clear();
                int nl;
                while ((nl = line.indexOf("\n")) >= 0) {
                    LOG.info("shim {}: {}", id, line.substring(0, nl));
                    line.delete(0, nl + 1);
                }
            }
        } catch (IOException e) {
            // closed: the shim is gone
        }
    }

    /**
     * Stops reading but keeps the fifo, for a cortado that stops while the shim runs on: the
     * shim keeps its end, and the next cortado opens the fifo again (the pipe lives on).
     */
    void detach() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the shim log fifo {}", path, e);
        }
    }

    /** Stops reading and removes the fifo. */
    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot remove the shim log fifo {}", path, e);
        }
    }
}
