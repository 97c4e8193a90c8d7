package dev.cortado.ttrpc;

/**
 * The four handler shapes a server method can have, one per {@link MethodType}.
 *
 * <p>Handlers are blocking code: each call runs on the server's handler executor, never on a
 * network thread. Anything a handler throws becomes the call's status once, through
 * {@link TtrpcErrors#toStatus}: a {@link dev.cortado.errors.CortadoException} keeps its kind,
 * anything else is INTERNAL.
 */
public final class ServerHandlers {
    private ServerHandlers() {}

    /** One request, one response. */
    @FunctionalInterface
    public interface Unary<Q, R> {
        R handle(CallContext context, Q request) throws Exception;
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
