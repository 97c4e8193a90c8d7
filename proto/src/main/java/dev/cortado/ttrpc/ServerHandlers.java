package dev.cortado.ttrpc;

/**
 * The handler shapes a server method can have: one per {@link MethodType}, and an asynchronous
 * unary one.
 *
 * <p>Handlers are blocking code: each call runs on the server's handler executor, never on a
 * network thread. Anything a handler throws becomes the call's status once, through
 * {@link TtrpcErrors#toStatus}: a {@link dev.cortado.errors.CortadoException} keeps its kind,
 * anything else is INTERNAL. A call that may wait long (containerd's Task.Wait lasts as long as
 * its process) uses {@link AsyncUnary}, which holds no thread while it waits.
 */
public final class ServerHandlers {
    private ServerHandlers() {}

    /** One request, one response. */
    @FunctionalInterface
    public interface Unary<Q, R> {
        R handle(CallContext context, Q request) throws Exception;
    }

    /**
     * One request, one response given later: the handler returns at once and completes the stage
     * from any thread (its exception, as a thrown one, becomes the status). When the call ends
     * first (deadline, lost connection, server closed), the server cancels the stage's
     * {@link java.util.concurrent.CompletableFuture}, so the handler can let go of what it holds.
     */
    @FunctionalInterface
    public interface AsyncUnary<Q, R> {
        java.util.concurrent.CompletionStage<R> handle(CallContext context, Q request) throws Exception;
    }

    /** Reads the client's messages until it closes, then returns one response. */
    @FunctionalInterface
    public interface ClientStreaming<Q, R> {
        R handle(CallContext context, InboundStream<Q> requests) throws Exception;
    }

    /** One request, then any number of responses; returning ends the stream with OK. */
    @FunctionalInterface
    public interface ServerStreaming<Q, R> {
        void handle(CallContext context, Q request, OutboundStream<R> responses) throws Exception;
    }

    /** Both sides stream; returning ends the server's side with OK. */
    @FunctionalInterface
    public interface BidiStreaming<Q, R> {
        void handle(CallContext context, InboundStream<Q> requests, OutboundStream<R> responses) throws Exception;
    }
}
