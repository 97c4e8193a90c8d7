package dev.cortado.ttrpc.server;

import com.google.rpc.Status;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.ttrpc.CallContext;
import dev.cortado.ttrpc.Envelopes;
import dev.cortado.ttrpc.InboundStream;
import dev.cortado.ttrpc.Metadata;
import dev.cortado.ttrpc.OutboundStream;
import dev.cortado.ttrpc.ServiceMethod;
import dev.cortado.ttrpc.TtrpcErrors;
import dev.cortado.ttrpc.frame.Frame;
import dev.cortado.ttrpc.frame.FrameType;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream on the server side: runs its handler and ends the stream exactly once.
 *
 * <p>The first of these ends the call and sends its last frame: the handler returning (OK:
 * Response, or Data + remote-closed for a server-streaming method), the handler throwing (a
 * Response with the mapped status), the deadline (DEADLINE_EXCEEDED) or a protocol error seen
 * by the connection. A connection that closed ends its calls without sending anything.
 */
final class ServerCall<Q, R> implements CallContext, InboundStream<Q>, OutboundStream<R> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCall.class);

    private final ServerConnection connection;
    private final int streamId;
    private final ServiceMethod<Q, R> bound;
    private final Metadata metadata;
    private final Optional<Instant> deadline;
    private final long timeoutNanos;
    private final InboundBuffer inbound;
    private final AtomicBoolean over = new AtomicBoolean();
    private volatile Future<?> deadlineTimer;
    private volatile CompletableFuture<Optional<R>> pending;

    ServerCall(
            ServerConnection connection,
            int streamId,
            ServiceMethod<Q, R> bound,
            Metadata metadata,
            Optional<Instant> deadline,
            long timeoutNanos) {
        this.connection = connection;
        this.streamId = streamId;
        this.bound = bound;
        this.metadata = metadata;
        this.deadline = deadline;
        this.timeoutNanos = timeoutNanos;
        this.inbound = new InboundBuffer(() -> connection.drained(this));
    }

    int streamId() {
        return streamId;
    }

    InboundBuffer inbound() {
        return inbound;
    }

    boolean clientStreaming() {
        return bound.method().type().clientStreaming();
    }

    /** The request's {@code timeout_nano}, never negative; meaningful with a deadline only. */
    long timeoutNanos() {
        return timeoutNanos;
    }

    void deadlineTimer(Future<?> timer) {
        this.deadlineTimer = timer;
    }

    /**
     * Runs the handler on the calling (executor) thread and ends the call with its outcome, at
     * once or, for an asynchronous handler, when its stage completes (on that thread).
     */
    void run() {
        CompletableFuture<Optional<R>> outcome;
        try {
            outcome = bound.invocation().run(this, this, this).toCompletableFuture();
        } catch (Throwable error) {
            failWith(error);
            return;
        }
        pending = outcome;
        if (over.get()) {
            outcome.cancel(false); // ended while the handler ran: what waits for it can go
        }
        outcome.whenComplete((result, error) -> {
            if (error != null) {
                failWith(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            } else {
                succeed(result);
            }
        });
    }

    private void failWith(Throwable error) {
        if (error instanceof CancellationException && over.get()) {
            return; // we cancelled it: the call already ended
        }
        Status status = TtrpcErrors.toStatus(error);
        if (status.getCode() == ErrorKind.INTERNAL.code() || status.getCode() == ErrorKind.UNKNOWN.code()) {
            LOG.warn("ttrpc: {} failed", bound.method().fullName(), error); // unexpected: with its stack
        }
        fail(status);
    }

    private void succeed(Optional<R> result) {
        Frame last;
        try {
            last = finalFrame(result.map(r -> bound.method().responseCodec().encode(r)));
        } catch (CortadoException oversize) {
            fail(TtrpcErrors.toStatus(oversize));
            return;
        }
        if (over.compareAndSet(false, true)) {
            connection.send(last);
            ended(new CortadoException(ErrorKind.CANCELLED, "ttrpc: stream finished"));
        }
    }

    private Frame finalFrame(Optional<byte[]> payload) {
        if (bound.method().type().serverStreaming()) {
            // ttrpc ends an OK server stream with Data + remote-closed, never with a Response.
            return payload.map(p -> new Frame(streamId, FrameType.DATA, Frame.FLAG_REMOTE_CLOSED, p))
                    .orElseGet(
                            () -> Frame.empty(streamId, FrameType.DATA, Frame.FLAG_REMOTE_CLOSED | Frame.FLAG_NO_DATA));
        }
        return Envelopes.okResponse(streamId, payload.orElse(new byte[0]));
    }

    /** Ends the call with an error status, from any thread; later outcomes are dropped. */
    void fail(Status status) {
        if (over.compareAndSet(false, true)) {
            connection.send(response(streamId, status));
            ended(TtrpcErrors.toException(status));
        }
    }

    /** Ends the call without a word to the client, whose connection is gone. */
    void abandon(CortadoException reason) {
        if (over.compareAndSet(false, true)) {
            ended(reason);
        }
    }

    private void ended(CortadoException forReaders) {
        inbound.fail(forReaders);
        Future<?> timer = deadlineTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        CompletableFuture<?> handler = pending;
        if (handler != null) {
            handler.cancel(false); // no-op once it completed; else an async handler stops waiting
        }
        connection.finished(this);
    }

    static Frame response(int streamId, Status status) {
        return Envelopes.errorResponse(streamId, status);
    }

    @Override
    public Optional<Q> receive() {
        try {
            return inbound.take().map(bound.method().requestCodec()::decode);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CortadoException(
                    ErrorKind.CANCELLED,
                    "ttrpc: interrupted while receiving on " + bound.method().fullName());
        }
    }

    @Override
    public void send(R message) {
        checkActive();
        Frame frame = new Frame(
                streamId, FrameType.DATA, 0, bound.method().responseCodec().encode(message));
        connection.send(frame);
    }

    @Override
    public String service() {
        return bound.method().service();
    }

    @Override
    public String method() {
        return bound.method().name();
    }

    @Override
    public Metadata metadata() {
        return metadata;
    }

    @Override
    public Optional<Instant> deadline() {
        return deadline;
    }

    @Override
    public boolean isCancelled() {
        return over.get();
    }
}
