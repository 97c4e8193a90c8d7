package dev.cortado.cri.streaming;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.DefaultSpdyWindowUpdateFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of a SPDY/3.1 session after the upgrade, over Netty's {@code SpdyFrameCodec}
 * (framing and zlib header compression with the SPDY dictionary). Netty's
 * {@code SpdySessionHandler} is deliberately not used: it holds back data once the peer's send
 * window is spent, and moby/spdystream, the SPDY of kubelet, client-go and crictl, never sends
 * WINDOW_UPDATE, so every stream would stall after 64 KiB. Like spdystream we ignore the peer's
 * windows and rely on TCP ({@link OutboundPipe}'s bound per stream), and we credit the client's
 * windows as data arrives, so a client that does honour windows keeps sending; what we buffer is
 * bounded by {@link ReadGate}. Runs on the channel's event loop.
 */
final class SpdyConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(SpdyConnection.class);
    private static final int WINDOW_CREDIT = 32 << 10;
    private static final long CLOSE_GRACE_SECONDS = 10;

    /** What a session does with its streams. */
    interface Listener {
        /** A new stream; false refuses it (RST_STREAM). */
        boolean opened(SpdyStream stream);

        /** The connection is gone: cancel everything. */
        void closed();
    }

    private final Map<Integer, SpdyStream> streams = new HashMap<>();
    private final Set<Integer> remoteEnded = new HashSet<>();
    private final Set<Integer> localEnded = new HashSet<>();
    private final Map<Integer, Integer> uncredited = new HashMap<>();
    private Listener listener;
    private ChannelHandlerContext ctx;
    private int lastRemoteId;
    private boolean closing;

    void listener(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof SpdySynStreamFrame syn) {
                synStream(syn);
            } else if (msg instanceof SpdyDataFrame data) {
                data(data);
            } else if (msg instanceof SpdyRstStreamFrame rst) {
                SpdyStream s = streams.remove(rst.streamId());
                if (s != null) {
                    s.aborted("stream reset by the client");
                }
            } else if (msg instanceof SpdyPingFrame ping && (ping.id() & 1) == 1) {
                ctx.writeAndFlush(msg);
                msg = null; // written back, not released here
            } else if (msg instanceof SpdyGoAwayFrame) {
                LOG.debug("streaming: client sent GOAWAY");
            }
            // SETTINGS, WINDOW_UPDATE (see the class comment), HEADERS: nothing to do
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void synStream(SpdySynStreamFrame syn) {
        int id = syn.streamId();
        if (syn.isInvalid() || (id & 1) == 0 || id <= lastRemoteId) {
            // spdy/3 2.3.2: stream ids from the client are odd and increase; invalid = bad header block
            ctx.writeAndFlush(new DefaultSpdyRstStreamFrame(id, SpdyStreamStatus.PROTOCOL_ERROR));
            return;
        }
        lastRemoteId = id;
        Map<String, String> headers = new HashMap<>();
        syn.headers()
                .forEach(h -> headers.put(
                        h.getKey().toString().toLowerCase(Locale.ROOT),
                        h.getValue().toString()));
        SpdyStream stream = new SpdyStream(id, headers, ctx.channel(), this);
        streams.put(id, stream);
        if (closing || !listener.opened(stream)) {
            streams.remove(id);
            ctx.writeAndFlush(new DefaultSpdyRstStreamFrame(id, SpdyStreamStatus.REFUSED_STREAM));
            return;
        }
        // never an empty header block: Netty encodes no headers as zero bytes, which Go's framer
        // (spdystream) and Netty's decoder both reject; spdystream itself sends a zero count
        DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(id);
        reply.headers().set(":status", "200").set(":version", "HTTP/1.1");
        ctx.writeAndFlush(reply);
        if (syn.isLast()) {
            remoteEnd(stream);
        }
    }

    private void data(SpdyDataFrame frame) {
        SpdyStream s = streams.get(frame.streamId());
        if (s == null) {
            ctx.writeAndFlush(new DefaultSpdyRstStreamFrame(frame.streamId(), SpdyStreamStatus.INVALID_STREAM));
            return;
        }
        int n = frame.content().readableBytes();
        if (n > 0) {
            s.sink().data(frame.content().retain());
            credit(frame.streamId(), n);
            credit(0, n);
        }
        if (frame.isLast()) {
            remoteEnd(s);
        }
    }

    /** SPDY/3.1 windows: per stream and, as stream 0, for the session. */
    private void credit(int streamId, int n) {
        int pending = uncredited.merge(streamId, n, Integer::sum);
        if (pending >= WINDOW_CREDIT) {
            uncredited.remove(streamId);
            ctx.writeAndFlush(new DefaultSpdyWindowUpdateFrame(streamId, pending));
        }
    }

    private void remoteEnd(SpdyStream s) {
        s.sink().end();
        remoteEnded.add(s.id());
        forgetIfDone(s.id());
    }

    /** Our side of {@code id} sent FIN (any thread). */
    void localEnded(int id) {
        ctx.executor().execute(() -> {
            localEnded.add(id);
            forgetIfDone(id);
        });
    }

    private void forgetIfDone(int id) {
        if (remoteEnded.contains(id) && localEnded.contains(id)) {
            streams.remove(id);
            remoteEnded.remove(id);
            localEnded.remove(id);
            uncredited.remove(id);
        }
    }

    /**
     * Ends the session once what was written is out: GOAWAY, then our half of the TCP connection,
     * so the client reads everything before EOF (closing with unread input would send RST); the
     * socket closes when the client closes or after a grace period.
     */
    void finish() {
        ctx.executor().execute(() -> {
            if (closing) {
                return;
            }
            closing = true;
            ctx.writeAndFlush(new DefaultSpdyGoAwayFrame(lastRemoteId)).addListener(f -> {
                if (ctx.channel() instanceof DuplexChannel duplex && f.isSuccess()) {
                    duplex.shutdownOutput();
                    ctx.executor().schedule(() -> ctx.close(), CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
                } else {
                    ctx.close();
                }
            });
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        List<SpdyStream> all = List.copyOf(streams.values());
        streams.clear();
        all.forEach(s -> s.aborted("connection closed"));
        listener.closed();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            LOG.debug("streaming: closing idle session from {}", ctx.channel().remoteAddress());
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("streaming: closing SPDY session: {}", cause.toString());
        ctx.close();
    }
}
