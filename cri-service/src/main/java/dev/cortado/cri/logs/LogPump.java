package dev.cortado.cri.logs;

import dev.cortado.shim.loop.FifoSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * One stream's copy from its fifo into the log file, called on the shared event loop
 * ({@link FifoSource}): each read of at most {@link #READ_SIZE} bytes is framed into records,
 * batched, and written before the next read, so a slow disk fills the pipe and blocks the
 * container instead of growing memory. Records of one read share a timestamp (containerd stamps
 * each at its write; these arrived together). At EOF or on stop, an unfinished line goes out as
 * {@code P}; a later copier's rest of it ends in {@code F}. Each read also goes, as read, to the
 * stream's attachers ({@link OutputFanout}), which end with it.
 *
 * <p>The read buffer and the batch are the loop's, shared by every pump on it (they all run on
 * its one thread, one call at a time): a stream keeps only its unfinished line between reads.
 */
final class LogPump implements FifoSource.Reader {
    static final int READ_SIZE = 64 * 1024;

    private final byte[] streamField;
    private final CriLineFramer framer;
    private final CriLineFramer.Sink sink = this::record;
    private final LogFile file;
    private final Clock clock;
    private final CountDownLatch drained;
    private final OutputFanout attachers;
    /** Whole records waiting for one write: at most READ_SIZE plus one record; shared, see above. */
    private final byte[] batch;

    private int batchLength;
    private byte[] timestamp;

    LogPump(
            String stream,
            int maxLineBytes,
            LogFile file,
            Clock clock,
            CountDownLatch drained,
            OutputFanout attachers,
            byte[] batch) {
        if (batch.length < batchSize(maxLineBytes)) {
            throw new IllegalArgumentException("log batch of " + batch.length + " bytes is too small");
        }
        this.streamField = (" " + stream + " ").getBytes(StandardCharsets.US_ASCII);
        this.framer = new CriLineFramer(maxLineBytes);
        this.file = file;
        this.clock = clock;
        this.drained = drained;
        this.attachers = attachers;
        this.batch = batch;
    }

    /** The size of a batch buffer for lines of at most {@code maxLineBytes}. */
    static int batchSize(int maxLineBytes) {
        return READ_SIZE + maxLineBytes + 64;
    }

    @Override
    public void read(byte[] buf, int length) {
        timestamp = CriTimestamp.now(clock);
        attachers.publish(buf, 0, length); // before the disk write: attachers never wait for it
        framer.feed(buf, 0, length, sink);
        flush();
    }

    @Override
    public void end(boolean eof) {
        try {
            timestamp = CriTimestamp.now(clock);
            framer.finish(sink);
            flush();
            if (eof) {
                drained.countDown();
            }
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
        int length = batchLength;
        batchLength = 0;
        file.write(batch, length);
    }
}
