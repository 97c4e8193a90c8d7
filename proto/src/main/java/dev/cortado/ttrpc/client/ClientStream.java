package dev.cortado.ttrpc.client;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.ttrpc.Envelopes;
import dev.cortado.ttrpc.InboundStream;
import dev.cortado.ttrpc.OutboundStream;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.frame.Frame;
import dev.cortado.ttrpc.frame.FrameType;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The client side of a streaming call: send requests, close the sending side, receive answers.
 *
 * <p>{@link #send} and {@link #closeSend} are for client- and bidi-streaming methods;
 * {@link #receive} returns each Data message of a server stream, or the single answer of a
 * client-streaming call, then empty once the server ended the stream with OK. An error status
 * from the server, the call's timeout or a lost connection make {@code receive} throw.
 * Use from one thread per direction.
 */
public final class ClientStream<Q, R> implements PendingCall, InboundStream<R>, OutboundStream<Q> {
    private static final Object END = new Object();

    private final TtrpcMethod<Q, R> method;
    private final int streamId;
    private final Consumer<Frame> sender;
    private final ClientConnection connection;
    private final BlockingQueue<Object> inbound = new LinkedBlockingQueue<>();
    private volatile boolean sendClosed;
    private volatile CortadoException failure;
    private final AtomicBoolean ended = new AtomicBoolean();
    private Object terminal;

    private volatile Future<?> deadlineTimer;

    ClientStream(
            TtrpcMethod<Q, R> method,
            int streamId,
            Consumer<Frame> sender,
            ClientConnection connection,
            boolean sendClosed) {
        this.method = method;
        this.streamId = streamId;
        this.sender = sender;
        this.connection = connection;
        this.sendClosed = sendClosed;
    }

    @Override
    public void send(Q message) {
        checkCanSend();
        sender.accept(
                new Frame(streamId, FrameType.DATA, 0, method.requestCodec().encode(message)));
    }

    /** Tells the server no more requests follow: Data with remote-closed and no-data. */
    public void closeSend() {
        checkCanSend();
        sendClosed = true;
        sender.accept(Frame.empty(streamId, FrameType.DATA, Frame.FLAG_REMOTE_CLOSED | Frame.FLAG_NO_DATA));
    }

    /** For a client-streaming call: closes the sending side and waits for the one answer. */
    public R closeAndReceive() {
        closeSend();
        return receive()
                .orElseThrow(() ->
                        CortadoException.internal("ttrpc: " + method.fullName() + " ended without an answer", null));
    }

    @Override
    public Optional<R> receive() {
        Object item = terminal;
        if (item == null) {
            try {
                item = inbound.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CortadoException(
                        ErrorKind.CANCELLED, "ttrpc: interrupted while receiving on " + method.fullName());
            }
        }
        if (item == END) {
            terminal = END;
            return Optional.empty();
        }
        if (item instanceof CortadoException error) {
            terminal = error;
            throw error;
        }
        return Optional.of(method.responseCodec().decode((byte[]) item));
    }

    private void checkCanSend() {
        if (!method.type().clientStreaming()) {
            throw new IllegalStateException(
                    method.fullName() + " is " + method.type() + ": the client sends no stream");
        }
        if (failure != null) {
            throw failure;
        }
        if (sendClosed) {
            throw new IllegalStateException("ttrpc: sending side of " + method.fullName() + " already closed");
        }
    }

    @Override
    public void onFrame(Frame frame) {
        if (frame.type() == FrameType.RESPONSE) {
            try {
                inbound.add(Envelopes.responsePayload(frame));
                end(END);
            } catch (CortadoException e) {
                fail(e);
            }
            return;
        }
        if (!frame.has(Frame.FLAG_NO_DATA)) {
            inbound.add(frame.payload());
        }
        if (frame.has(Frame.FLAG_REMOTE_CLOSED)) {
            end(END);
        }
    }

    @Override
    public void deadlineTimer(Future<?> timer) {
        deadlineTimer = timer;
    }

    @Override
    public void fail(CortadoException error) {
        if (!ended.get()) {
            failure = error;
        }
        end(error);
    }

    /** Queues the stream's last item once; whatever comes after it is dropped. */
    private void end(Object last) {
        if (ended.compareAndSet(false, true)) {
            inbound.add(last);
            connection.remove(streamId, this);
            Future<?> timer = deadlineTimer;
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }
}
