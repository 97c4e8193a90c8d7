package dev.cortado.cri.streaming;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds what a connection buffers for slow readers: when the bytes waiting in its
 * {@link InboundPipe}s pass {@value #HIGH}, the connection stops reading from the socket (TCP then
 * pushes back on the client) until they fall below {@value #LOW}. This is the backpressure for
 * SPDY clients too: moby/spdystream (kubelet, client-go, crictl) ignores SPDY flow-control windows.
 */
final class ReadGate {
    static final long HIGH = 1 << 20;
    static final long LOW = 256 << 10;

    private final Channel channel;
    private final AtomicLong buffered = new AtomicLong();

    ReadGate(Channel channel) {
        this.channel = channel;
    }

    void added(int bytes) {
        if (buffered.addAndGet(bytes) > HIGH) {
            reconsider();
        }
    }

    void removed(int bytes) {
        if (buffered.addAndGet(-bytes) < LOW) {
            reconsider();
        }
    }

    private void reconsider() {
        channel.eventLoop().execute(() -> {
            long now = buffered.get();
            boolean reading = channel.config().isAutoRead();
            if (reading && now > HIGH) {
                channel.config().setAutoRead(false);
            } else if (!reading && now < LOW) {
                channel.config().setAutoRead(true);
            }
        });
    }
}
