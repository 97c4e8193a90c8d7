package dev.cortado.cri.image;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bytes of one blob on their way from its download (one thread, which writes) to its unpack
 * (another, which reads {@link #input()}), so that a layer is unpacked while it downloads. Bounded:
 * at most {@link #CHUNKS} chunks of {@link #CHUNK} bytes wait, in buffers used over and over (no
 * garbage per chunk), and the side that gets ahead waits. The writer ends it with {@link #finish()}
 * or {@link #fail(Throwable)}; a reader that closes early makes the writer's next write fail, so a
 * download stops when its unpack failed.
 */
final class BlobPipe {
    static final int CHUNK = 1 << 16;
    /**
     * 512 KiB per layer in flight: enough to keep both sides busy on loopback, and little enough
     * for a small heap (32 chunks, 2 MiB per layer, 6 MiB for three layers, outgrew the young
     * generation of a 16 MiB heap and forced full collections during a node's first pull).
     */
    static final int CHUNKS = 8;

    private static final long POLL_MS = 100;
    private static final Chunk END = new Chunk(new byte[0], 0, null);

    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final Input input = new Input();
    private int allocated; // writer thread only
    private volatile boolean readerClosed;
    private volatile Throwable failure;

    private record Chunk(byte[] data, int length, Throwable failure) {}

    /** Hands {@code length} bytes to the reader, waiting while {@link #CHUNKS} chunks wait already. */
    void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            byte[] buffer = freeBuffer();
            int n = Math.min(length, buffer.length);
            System.arraycopy(bytes, offset, buffer, 0, n);
            put(new Chunk(buffer, n, null));
            offset += n;
            length -= n;
        }
    }

    /** Every byte was written: the reader sees the end after them. */
    void finish() throws IOException {
        put(END);
    }

    /** The download failed: the reader's next read throws, with {@code failure} as the cause. */
    void fail(Throwable failure) {
        this.failure = failure;
        full.clear(); // room for the failure, and the reader needs no bytes before it
        full.offer(new Chunk(new byte[0], 0, failure));
    }

    /** Why the writer failed, or null. */
    Throwable failure() {
        return failure;
    }

    /** The reading side; closing it before the end stops the writer. */
    InputStream input() {
        return input;
    }

    private byte[] freeBuffer() throws IOException {
        byte[] buffer = free.poll();
        if (buffer == null && allocated < CHUNKS) {
            allocated++;
            return new byte[CHUNK];
        }
        try {
            while (buffer == null) {
                checkReader();
                buffer = free.poll(POLL_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted writing to an unpack");
        }
        return buffer;
    }

    private void put(Chunk chunk) throws IOException {
        try {
            while (!full.offer(chunk, POLL_MS, TimeUnit.MILLISECONDS)) {
                checkReader();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted writing to an unpack");
        }
    }

    private void checkReader() {
        if (readerClosed) {
            // not retryable: the unpack that wanted these bytes has failed and said why
            throw new CortadoException(ErrorKind.CANCELLED, "the unpack reading this download stopped");
        }
    }

    private final class Input extends InputStream {
        private Chunk current;
        private int position;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (current == null || (current != END && current.failure() == null && position == current.length())) {
                if (current != null) {
                    free.offer(current.data());
                }
                current = take();
                position = 0;
            }
            if (current.failure() != null) {
                throw new IOException("download failed: " + current.failure().getMessage(), current.failure());
            }
            if (current == END) {
                return -1;
            }
            int n = Math.min(len, current.length() - position);
            System.arraycopy(current.data(), position, b, off, n);
            position += n;
            return n;
        }

        private Chunk take() throws IOException {
            if (readerClosed) {
                throw new IOException("blob stream closed");
            }
            try {
                return full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted reading a download");
            }
        }

        @Override
        public void close() {
            readerClosed = true;
            full.clear();
        }
    }
}
