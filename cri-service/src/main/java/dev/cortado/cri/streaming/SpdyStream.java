package dev.cortado.cri.streaming;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.util.concurrent.Future;
import java.util.Locale;
import java.util.Map;

/** One client-opened SPDY stream: its headers, where its incoming data goes, its way out. */
final class SpdyStream {
    private final int id;
    private final Map<String, String> headers;
    private final Channel channel;
    private final SpdyConnection connection;
    private InboundSink sink = InboundSink.DISCARD;
    private OutboundPipe out;
    private Runnable onReset = () -> {};

    SpdyStream(int id, Map<String, String> headers, Channel channel, SpdyConnection connection) {
        this.id = id;
        this.headers = Map.copyOf(headers);
        this.channel = channel;
        this.connection = connection;
    }

    int id() {
        return id;
    }

    /** A header by its (case-insensitive) name, or "" when absent. */
    String header(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }

    synchronized InboundSink sink() {
        return sink;
    }

    synchronized void sink(InboundSink sink) {
        this.sink = sink;
    }

    synchronized void onReset(Runnable onReset) {
        this.onReset = onReset;
    }

    /** The stream to the client; closing it sends FIN. */
    synchronized OutboundPipe out() {
        if (out == null) {
            out = new OutboundPipe(
                    new OutboundPipe.FrameSink() {
                        @Override
                        public Future<?> send(ByteBuf data) {
                            return channel.writeAndFlush(new DefaultSpdyDataFrame(id, data));
                        }

                        @Override
                        public Future<?> finish() {
                            connection.localEnded(id);
                            return channel.writeAndFlush(
                                    new DefaultSpdyDataFrame(id, Unpooled.EMPTY_BUFFER).setLast(true));
                        }
                    },
                    channel.alloc());
        }
        return out;
    }

    /** The client reset the stream or the connection went away. */
    void aborted(String why) {
        InboundSink s;
        OutboundPipe o;
        Runnable r;
        synchronized (this) {
            s = sink;
            o = out;
            r = onReset;
        }
        s.abort(why);
        if (o != null) {
            o.abort(why);
        }
        r.run();
    }
}
