package dev.cortado.cri.logs;

import dev.cortado.cri.logs.Fifos.FifoStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream's copy from its fifo into the log file, run on its own thread: a read of at most
 * {@link #READ_SIZE} bytes is framed into records, batched, and written before the next read, so
 * a slow disk fills the pipe and blocks the container instead of growing memory. Records of one
 * read share a timestamp (containerd stamps each at its write; these arrived together). At EOF or
 * on stop, an unfinished line goes out as {@code P}; a later copier's rest of it ends in {@code F}.
 * Each read also goes, as read, to the stream's attachers ({@link OutputFanout}), which end with it.
 */
final class LogPump implements Runnable {
    static final int READ_SIZE = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(LogPump.class);

    private final String containerId;
    private final FifoStream fifo;
    private final byte[] streamField;
    private final CriLineFramer framer;
    private final LogFile file;
    private final Clock clock;
    private final CountDownLatch drained;
    private final OutputFanout attachers;
    /** Whole records waiting for one write: at most READ_SIZE plus one record. */
    private final byte[] batch;

    private int batchLength;
    private byte[] timestamp;

    LogPump(
            String containerId,
            String stream,
            FifoStream fifo,
            int maxLineBytes,
            LogFile file,
            Clock clock,
            CountDownLatch drained,
            OutputFanout attachers) {
        this.containerId = containerId;
        this.fifo = fifo;
        this.streamField = (" " + stream + " ").getBytes(StandardCharsets.US_ASCII);
        this.framer = new CriLineFramer(maxLineBytes);
        this.file = file;
        this.clock = clock;
        this.drained = drained;
        this.attachers = attachers;
        this.batch = new byte[READ_SIZE + maxLineBytes + 64];
    }

    @Override
    public void run() {
        byte[] buf = new byte[READ_SIZE];
        try (fifo) {
            while (true) {
                int n = fifo.read(buf);
                timestamp = CriTimestamp.now(clock);
                if (n <= 0) {
                    framer.finish(this::record);
                    flush();
                    if (n == FifoStream.EOF) {
                        drained.countDown();
                    }
                    return;
                }
                attachers.publish(buf, 0, n); // before the disk write: attachers never wait for it
                framer.feed(buf, 0, n, this::record);
                flush();
            }
        } catch (IOException | RuntimeException e) {
            timestamp = CriTimestamp.now(clock);
            framer.finish(this::record);
            flush();
            LOG.warn("copying output of container {} into its log stopped", containerId, e);
        } finally {
            attachers.end();
        }
    }

    private void record(boolean partial, byte[] content, int offset, int length) {
        int size = timestamp.length + streamField.length + 2 + length + 1;
        if (batchLength + size > batch.length) {
            flush();
        }
        System.arraycopy(timestamp, 0, batch, batchLength, timestamp.length);
        batchLength += timestamp.length;
        System.arraycopy(streamField, 0, batch, batchLength, streamField.length);
        batchLength += streamField.length;
        batch[batchLength++] = (byte) (partial ? 'P' : 'F');
        batch[batchLength++] = ' ';
        System.arraycopy(content, offset, batch, batchLength, length);
        batchLength += length;
        batch[batchLength++] = '\n';
    }

    private void flush() {
        file.write(batch, batchLength);
        batchLength = 0;
    }
}
