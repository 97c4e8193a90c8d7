package dev.cortado.ttrpc.client;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.ttrpc.Envelopes;
import dev.cortado.ttrpc.MethodType;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.frame.Frame;
import dev.cortado.ttrpc.frame.FrameDecoder;
import dev.cortado.ttrpc.frame.FrameEncoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * A ttrpc client on one connection; safe for concurrent calls, which the server may answer in
 * any order.
 *
 * <pre>{@code
 * try (TtrpcClient client = TtrpcClient.connect(TtrpcTransport.unixSocket(socket))) {
 *     CreateTaskResponse r = client.unary(TtrpcMethod.of(TaskGrpc.getCreateMethod()), request,
 *             CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(5)));
 * }
 * }</pre>
 *
 * Stream ids are odd and strictly increasing from 1; an id is taken and its Request written
 * under one lock so that the server never sees them out of order. Error statuses come back as
 * {@link CortadoException} of the status's kind; a lost connection fails every pending call
 * with UNAVAILABLE.
 */
public final class TtrpcClient implements AutoCloseable {
    private final TtrpcTransport transport;
    private final EventLoopGroup group;
    private final Channel channel;
    private final ClientConnection connection;
    private final Object sendLock = new Object();
    // @GuardedBy("sendLock")
    private int nextStreamId = 1;

    private TtrpcClient(TtrpcTransport transport, EventLoopGroup group, Channel channel, ClientConnection connection) {
        this.transport = transport;
        this.group = group;
        this.channel = channel;
        this.connection = connection;
    }

    /** Connects now; UNAVAILABLE when nobody listens there. */
    public static TtrpcClient connect(TtrpcTransport transport) {
        EventLoopGroup group = transport.newEventLoopGroup(1);
        ClientConnection connection = new ClientConnection(transport.toString());
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.channelType())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new FrameDecoder(), new FrameEncoder(), connection);
                    }
                });
        try {
            Channel channel = bootstrap.connect(transport.address()).sync().channel();
            return new TtrpcClient(transport, group, channel, connection);
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new CortadoException(
                    ErrorKind.UNAVAILABLE, "ttrpc: cannot connect to " + transport + ": " + e.getMessage(), e);
        }
    }

    /** Starts a unary call; the future fails with {@link CortadoException}. */
    public <Q, R> CompletableFuture<R> unaryAsync(TtrpcMethod<Q, R> method, Q request, CallOptions options) {
        requireType(method, MethodType.UNARY);
        UnaryCall<R> call = new UnaryCall<>(method.responseCodec());
        int id = open(method, method.requestCodec().encode(request), 0, options, call);
        call.result().whenComplete((r, e) -> connection.remove(id, call));
        return call.result();
    }

    /** A unary call that waits for its answer; errors are thrown as {@link CortadoException}. */
    public <Q, R> R unary(TtrpcMethod<Q, R> method, Q request, CallOptions options) {
        try {
            return unaryAsync(method, request, options).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof CortadoException ce
                    ? ce
                    : CortadoException.internal("ttrpc: " + method.fullName() + " failed", e.getCause());
        }
    }

    /** Opens a client-streaming call: send, then {@link ClientStream#closeAndReceive}. */
    public <Q, R> ClientStream<Q, R> clientStreaming(TtrpcMethod<Q, R> method, CallOptions options) {
        requireType(method, MethodType.CLIENT_STREAMING);
        return stream(method, null, options);
    }

    /** Opens a server-streaming call with its one request; receive until empty. */
    public <Q, R> ClientStream<Q, R> serverStreaming(TtrpcMethod<Q, R> method, Q request, CallOptions options) {
        requireType(method, MethodType.SERVER_STREAMING);
        return stream(method, request, options);
    }

    /** Opens a bidirectional call. */
    public <Q, R> ClientStream<Q, R> bidiStreaming(TtrpcMethod<Q, R> method, CallOptions options) {
        requireType(method, MethodType.BIDI_STREAMING);
        return stream(method, null, options);
    }

    private <Q, R> ClientStream<Q, R> stream(TtrpcMethod<Q, R> method, Q request, CallOptions options) {
        boolean clientStreams = method.type().clientStreaming();
        // PROTOCOL.md: remote-open when data follows, remote-closed when the request is all.
        int flags = clientStreams ? Frame.FLAG_REMOTE_OPEN : Frame.FLAG_REMOTE_CLOSED;
        byte[] payload = request == null ? new byte[0] : method.requestCodec().encode(request);
        synchronized (sendLock) {
            // open() takes this same id: the lock is held across both.
            ClientStream<Q, R> stream =
                    new ClientStream<>(method, nextStreamId, this::send, connection, !clientStreams);
            open(method, payload, flags, options, stream);
            return stream;
        }
    }

    /** Takes the next stream id and writes the Request, under the lock that keeps ids in order. */
    private int open(TtrpcMethod<?, ?> method, byte[] payload, int flags, CallOptions options, PendingCall call) {
        synchronized (sendLock) {
            CortadoException closed = connection.closedError();
            if (closed != null) {
                throw closed;
            }
            int id = nextStreamId;
            Frame frame = Envelopes.request(
                    id,
                    flags,
                    method.service(),
                    method.name(),
                    payload,
                    options.timeoutNanos(),
                    options.metadata().toWire());
            nextStreamId += 2;
            connection.register(id, call);
            options.timeout()
                    .ifPresent(timeout -> call.deadlineTimer(channel.eventLoop()
                            .schedule(
                                    () -> call.fail(new CortadoException(
                                            ErrorKind.DEADLINE_EXCEEDED, "context deadline exceeded")),
                                    timeout.toNanos(),
                                    TimeUnit.NANOSECONDS)));
            send(frame);
            return id;
        }
    }

    private void send(Frame frame) {
        channel.writeAndFlush(frame).addListener(f -> {
            if (!f.isSuccess()) {
                channel.close();
            }
        });
    }

    private static void requireType(TtrpcMethod<?, ?> method, MethodType expected) {
        if (method.type() != expected) {
            throw new IllegalArgumentException(method.fullName() + " is " + method.type() + ", not " + expected);
        }
    }

    /** Whether the connection is still open. */
    public boolean isConnected() {
        return channel.isActive();
    }

    /** Closes the connection; pending calls fail with UNAVAILABLE. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Override
    public String toString() {
        return "TtrpcClient[" + transport + "]";
    }
}
