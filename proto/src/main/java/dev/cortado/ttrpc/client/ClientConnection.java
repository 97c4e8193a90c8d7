package dev.cortado.ttrpc.client;

import dev.cortado.errors.CortadoException;
import dev.cortado.ttrpc.TtrpcErrors;
import dev.cortado.ttrpc.frame.Frame;
import dev.cortado.ttrpc.frame.OversizedFrame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client end of one connection: routes each frame to its call by stream id and fails
 * every pending call with UNAVAILABLE when the connection goes away.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);

    private final String peer;
    private final Map<Integer, PendingCall> calls = new ConcurrentHashMap<>();
    private volatile CortadoException closed;

    ClientConnection(String peer) {
        this.peer = peer;
    }

    /** Tracks a call; if the connection is already gone the call fails at once. */
    void register(int streamId, PendingCall call) {
        calls.put(streamId, call);
        // Checked after the put: either this sees the close or channelInactive sees the call.
        CortadoException gone = closed;
        if (gone != null && calls.remove(streamId, call)) {
            call.fail(gone);
        }
    }

    void remove(int streamId, PendingCall call) {
        calls.remove(streamId, call);
    }

    /** Non-null once the connection is closed: the error new calls fail with. */
    CortadoException closedError() {
        return closed;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof OversizedFrame oversized) {
            PendingCall call = calls.get(oversized.streamId());
            if (call != null) {
                call.fail(Frame.oversize(oversized.length()));
            }
            return;
        }
        Frame frame = (Frame) msg;
        PendingCall call = calls.get(frame.streamId());
        if (call == null) {
            // A late answer to a call that timed out locally, or a stream we never opened.
            LOG.debug("ttrpc: dropping {} from {} for no pending call", frame, peer);
            return;
        }
        call.onFrame(frame);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = TtrpcErrors.connectionClosed(peer);
        for (Map.Entry<Integer, PendingCall> entry : List.copyOf(calls.entrySet())) {
            if (calls.remove(entry.getKey(), entry.getValue())) {
                entry.getValue().fail(closed);
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("ttrpc: closing connection to {} after error", peer, cause);
        ctx.close();
    }
}
