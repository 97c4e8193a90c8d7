package dev.cortado.ttrpc.server;

import com.google.rpc.Status;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.ttrpc.TtrpcErrors;
import dev.cortado.ttrpc.frame.Frame;
import dev.cortado.ttrpc.frame.OversizedFrame;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection: checks each frame against ttrpc's stream rules and routes it.
 *
 * <p>All fields are confined to the channel's event loop; calls reach back through
 * {@link #finished} and {@link #drained}, which hop onto it. Errors about a frame are
 * answered with a Response on the offending stream id, as server.go does; a live call on that
 * id ends with it.
 */
final class ServerConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);

    private final Dispatcher dispatcher;
    private final Map<Integer, ServerCall<?, ?>> calls = new HashMap<>();
    private final StreamRules rules = new StreamRules();
    private final Channel channel;
    private final ReadPause readPause;
    private boolean draining;

    /** Final fields: shutdown may reach this connection from another thread before it read a byte. */
    ServerConnection(Channel channel, Dispatcher dispatcher) {
        this.channel = channel;
        this.dispatcher = dispatcher;
        this.readPause = new ReadPause(channel);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof OversizedFrame oversized) {
            // The payload is already skipped; the connection stays usable (channel.go recv).
            endStream(
                    oversized.streamId(),
                    TtrpcErrors.status(ErrorKind.RESOURCE_EXHAUSTED, Frame.oversizeMessage(oversized.length())));
            return;
        }
        Frame frame = (Frame) msg;
        Optional<Status> violation = rules.check(frame, liveCall(frame.streamId()) != null);
        if (violation.isPresent()) {
            endStream(frame.streamId(), violation.get());
            return;
        }
        switch (frame.type()) {
            case REQUEST ->
                dispatcher.open(frame, this).ifPresent(call -> {
                    calls.put(call.streamId(), call);
                    dispatcher.start(call, channel.eventLoop());
                });
            case DATA -> data(liveCall(frame.streamId()), frame);
            case RESPONSE ->
                LOG.debug(
                        "ttrpc: ignoring a response frame from a client on stream {}",
                        Integer.toUnsignedString(frame.streamId()));
        }
    }

    private void data(ServerCall<?, ?> call, Frame frame) {
        if (!call.clientStreaming() || call.inbound().isClosed()) {
            call.fail(TtrpcErrors.status(ErrorKind.INVALID_ARGUMENT, "data handling error: ttrpc: stream closed"));
            return;
        }
        // Checked before anything reaches the handler: were the data delivered or the input
        // closed first, the handler could finish OK before this failure (ttrpc server.go).
        if (frame.has(Frame.FLAG_REMOTE_CLOSED) && frame.payload().length > 0) {
            call.fail(TtrpcErrors.status(ErrorKind.INVALID_ARGUMENT, "data close message cannot include data"));
            return;
        }
        // An empty Data frame without no-data is an empty message (e.g. google.protobuf.Empty).
        if (!frame.has(Frame.FLAG_NO_DATA) && !call.inbound().offer(frame.payload())) {
            readPause.pause(call);
        }
        if (frame.has(Frame.FLAG_REMOTE_CLOSED)) {
            call.inbound().close();
        }
    }

    private void endStream(int streamId, Status status) {
        ServerCall<?, ?> call = liveCall(streamId);
        if (call != null) {
            call.fail(status);
        } else {
            send(ServerCall.response(streamId, status));
        }
    }

    /**
     * The call on {@code streamId} unless it already ended: an ended call leaves the map a
     * moment later, and a frame for it in between is treated as for a finished stream.
     */
    private ServerCall<?, ?> liveCall(int streamId) {
        ServerCall<?, ?> call = calls.get(streamId);
        return call == null || call.isCancelled() ? null : call;
    }

    void send(Frame frame) {
        channel.writeAndFlush(frame);
    }

    void finished(ServerCall<?, ?> call) {
        onLoop(() -> {
            calls.remove(call.streamId(), call);
            readPause.resume(call);
            if (draining && calls.isEmpty()) {
                channel.close();
            }
        });
    }

    void drained(ServerCall<?, ?> call) {
        onLoop(() -> readPause.resume(call));
    }

    /** Graceful shutdown: close now if idle, else once the last call ends (ttrpc closeIdleConns). */
    void drain() {
        onLoop(() -> {
            draining = true;
            if (calls.isEmpty()) {
                channel.close();
            }
        });
    }

    private void onLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        CortadoException gone = new CortadoException(ErrorKind.CANCELLED, "ttrpc: connection closed");
        List.copyOf(calls.values()).forEach(call -> call.abandon(gone));
        calls.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("ttrpc: closing connection after error", cause);
        ctx.close();
    }
}
