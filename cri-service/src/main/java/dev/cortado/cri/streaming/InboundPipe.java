package dev.cortado.cri.streaming;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * A client stream as a blocking {@link InputStream} for the runtime. The event loop adds buffers,
 * the runtime's thread reads them; the bytes waiting count against the connection's
 * {@link ReadGate}, so memory stays bounded. Once the reader closed it, data is dropped.
 */
final class InboundPipe extends InputStream implements InboundSink {
    private final ReadGate gate;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private boolean ended;
    private String abortReason;
    private boolean closed;

    InboundPipe(ReadGate gate) {
        this.gate = gate;
    }

    @Override
    public void data(ByteBuf data) {
        int n = data.readableBytes();
        synchronized (this) {
            if (!closed && !ended && abortReason == null && n > 0) {
                queue.add(data);
                gate.added(n);
                notifyAll();
                return;
            }
        }
        data.release();
    }

    @Override
    public synchronized void end() {
        ended = true;
        notifyAll();
    }

    @Override
    public synchronized void abort(String why) {
        if (abortReason == null) {
            abortReason = why;
        }
        drop();
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n;
        synchronized (this) {
            while (queue.isEmpty()) {
                if (closed) {
                    throw new IOException("stream closed");
                }
                if (abortReason != null) {
                    throw new IOException(abortReason);
                }
                if (ended) {
                    return -1;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reading from the client", e);
                }
            }
            ByteBuf head = queue.peek();
            n = Math.min(len, head.readableBytes());
            head.readBytes(b, off, n);
            if (!head.isReadable()) {
                queue.poll().release();
            }
        }
        gate.removed(n);
        return n;
    }

    @Override
    public synchronized int available() {
        return queue.isEmpty() ? 0 : queue.peek().readableBytes();
    }

    @Override
    public synchronized void close() {
        closed = true;
        drop();
        notifyAll();
    }

    private void drop() {
        int n = 0;
        for (ByteBuf buf; (buf = queue.poll()) != null; ) {
            n += buf.readableBytes();
            buf.release();
        }
        if (n > 0) {
            gate.removed(n);
        }
    }
}
