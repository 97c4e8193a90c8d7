package dev.cortado.cri.streaming;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A stream to the client as a blocking {@link OutputStream} for the runtime. Each write becomes
 * frames of at most {@value #CHUNK} bytes; at most {@value #WINDOW} bytes per stream may be written
 * but not yet on the socket, so a slow client blocks the writer instead of filling memory.
 */
final class OutboundPipe extends OutputStream {
    static final int CHUNK = 16 << 10;
    static final int WINDOW = 256 << 10;

    /** Turns bytes into the transport's frames. */
    interface FrameSink {
        Future<?> send(ByteBuf data);

        /** Ends the stream (SPDY FIN; nothing for WebSocket channels). */
        Future<?> finish();
    }

    private final FrameSink sink;
    private final ByteBufAllocator alloc;
    private final Semaphore window = new Semaphore(WINDOW);
    private volatile String failure;
    private volatile boolean closed;

    OutboundPipe(FrameSink sink, ByteBufAllocator alloc) {
        this.sink = sink;
        this.alloc = alloc;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, CHUNK);
            acquire(n);
            ByteBuf buf = alloc.buffer(n).writeBytes(b, off, n);
            sink.send(buf).addListener(f -> {
                window.release(n);
                if (!f.isSuccess()) {
                    abort("write to the client failed: " + f.cause());
                }
            });
            off += n;
            len -= n;
        }
    }

    private void acquire(int n) throws IOException {
        try {
            while (!window.tryAcquire(n, 1, TimeUnit.SECONDS)) {
                check();
            }
            check();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing to the client", e);
        }
    }

    private void check() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (failure != null) {
            throw new IOException(failure);
        }
    }

    /** Fails every later write (client gone); wakes a blocked writer. */
    void abort(String why) {
        if (failure == null) {
            failure = why;
        }
        window.release(WINDOW);
    }

    /** Ends the stream once; later writes fail. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (failure == null) {
            sink.finish();
        }
    }

    boolean isClosed() {
        return closed;
    }
}
