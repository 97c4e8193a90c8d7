package dev.cortado.ttrpc.server;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Status;
import dev.cortado.api.ttrpc.Request;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.ttrpc.Metadata;
import dev.cortado.ttrpc.ServiceMethod;
import dev.cortado.ttrpc.TtrpcErrors;
import dev.cortado.ttrpc.frame.Frame;
import dev.cortado.ttrpc.frame.OversizedFrame;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection: checks each frame against ttrpc's stream rules and routes it.
 *
 * <p>All fields are confined to the channel's event loop; calls reach back through
 * {@link #finished} and {@link #drained}, which hop onto it. The rules and their messages are
 * containerd/ttrpc server.go's: ids odd, Requests strictly increasing, Data only for a live
 * stream, errors answered with a Response on the offending stream id. {@link StreamRules}
 * holds the checks; this class holds the state.
 */
final class ServerConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);
    /** How long a full stream may stall the connection before it fails (ttrpc: 1 s). */
    static final Duration STREAM_FULL_TIMEOUT = Duration.ofSeconds(1);

    private final ServiceRegistry registry;
    private final Executor executor;
    private final Clock clock;
    private final Map<Integer, ServerCall<?, ?>> calls = new HashMap<>();
    private final StreamRules rules = new StreamRules();
    private final java.util.Set<ServerCall<?, ?>> pausing = new java.util.HashSet<>();
    private boolean draining;
    private Channel channel;

    ServerConnection(ServiceRegistry registry, Executor executor, Clock clock) {
        this.registry = registry;
        this.executor = executor;
        this.clock = clock;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof OversizedFrame oversized) {
            // The payload is already skipped; the connection stays usable (channel.go recv).
            Status status = TtrpcErrors.status(ErrorKind.RESOURCE_EXHAUSTED, TtrpcErrors.oversizeMessage(oversized.length()));
            endStream(oversized.streamId(), status);
            return;
        }
        Frame frame = (Frame) msg;
        Optional<Status> violation = rules.check(frame, liveCall(frame.streamId()) != null);
        if (violation.isPresent()) {
            endStream(frame.streamId(), violation.get());
            return;
        }
        switch (frame.type()) {
            case REQUEST -> start(frame);
            case DATA -> data(liveCall(frame.streamId()), frame);
            case RESPONSE -> LOG.debug("ttrpc: ignoring a response frame from a client on stream {}",
                    Integer.toUnsignedString(frame.streamId()));
        }
    }

    private void start(Frame frame) {
        int id = frame.streamId();
        Request request;
        ServiceMethod<?, ?> bound;
        try {
            request = Request.parseFrom(frame.payload());
            bound = registry.resolve(request.getService(), request.getMethod());
        } catch (InvalidProtocolBufferException e) {
            send(ServerCall.response(id, TtrpcErrors.status(ErrorKind.INVALID_ARGUMENT, "unmarshal request error: " + e.getMessage())));
            return;
        } catch (CortadoException e) {
            send(ServerCall.response(id, TtrpcErrors.toStatus(e)));
            return;
        }
        Optional<Instant> deadline = request.getTimeoutNano() == 0 ? Optional.empty()
                : Optional.of(clock.instant().plusNanos(request.getTimeoutNano()));
        ServerCall<?, ?> call = new ServerCall<>(this, id, bound, Metadata.fromWire(request.getMetadataList()), deadline);
        calls.put(id, call);
        byte[] payload = request.getPayload().toByteArray();
        if (!call.clientStreaming()) {
            call.inbound().offer(payload);
            call.inbound().close();
        } else {
            // An empty payload is no message for a streaming client (ttrpc#126, services.go).
            if (payload.length > 0) {
                call.inbound().offer(payload);
            }
            if (frame.has(Frame.FLAG_REMOTE_CLOSED)) {
                call.inbound().close();
            }
        }
        if (deadline.isPresent()) {
            Status expired = TtrpcErrors.status(ErrorKind.DEADLINE_EXCEEDED, "context deadline exceeded");
            call.deadlineTimer(channel.eventLoop().schedule(() -> call.fail(expired),
                    Math.max(0, request.getTimeoutNano()), TimeUnit.NANOSECONDS));
        }
        try {
            executor.execute(call::run);
        } catch (RejectedExecutionException e) {
            call.fail(TtrpcErrors.status(ErrorKind.UNAVAILABLE, "ttrpc: server closed"));
        }
    }

    private void data(ServerCall<?, ?> call, Frame frame) {
        if (!call.clientStreaming() || call.inbound().isClosed()) {
            call.fail(TtrpcErrors.status(ErrorKind.INVALID_ARGUMENT, "data handling error: ttrpc: stream closed"));
            return;
        }
        if (!frame.has(Frame.FLAG_NO_DATA) && !call.inbound().offer(frame.payload())) {
            pause(call);
        }
        if (frame.has(Frame.FLAG_REMOTE_CLOSED)) {
            call.inbound().close();
            if (frame.payload().length > 0) {
                call.fail(TtrpcErrors.status(ErrorKind.INVALID_ARGUMENT, "data close message cannot include data"));
            }
        }
    }

    /** Stops reading while a stream's buffer is full; fails the stream if it stays full. */
    private void pause(ServerCall<?, ?> call) {
        if (pausing.add(call)) {
            channel.config().setAutoRead(false);
            channel.eventLoop().schedule(() -> {
                if (pausing.contains(call) && call.inbound().isFull()) {
                    call.fail(TtrpcErrors.status(ErrorKind.INVALID_ARGUMENT, "data handling error: ttrpc: stream buffer full"));
                }
            }, STREAM_FULL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void resume(ServerCall<?, ?> call) {
        if (pausing.remove(call) && pausing.isEmpty()) {
            channel.config().setAutoRead(true);
        }
    }

    /** Answers a frame that opened or belongs to no usable stream; a live call on that id ends. */
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
            resume(call);
            if (draining && calls.isEmpty()) {
                channel.close();
            }
        });
    }

    void drained(ServerCall<?, ?> call) {
        onLoop(() -> resume(call));
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
