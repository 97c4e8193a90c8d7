package dev.cortado.ttrpc;

import dev.cortado.errors.CortadoException;
import java.util.Optional;

/**
 * A method bound to its handler, in the one shape the server runs every call in: read the
 * inbound stream, write the outbound stream, maybe return a final message.
 *
 * <p>For a unary or server-streaming method the inbound stream holds exactly the request's
 * payload. The final message of a unary or client-streaming call goes into the Response
 * frame; a server-streaming call has none and ends with Data + remote-closed.
 */
public record ServiceMethod<Q, R>(TtrpcMethod<Q, R> method, Invocation<Q, R> invocation) {

    /** The uniform form of the four handler shapes. */
    @FunctionalInterface
    public interface Invocation<Q, R> {
        Optional<R> run(CallContext context, InboundStream<Q> requests, OutboundStream<R> responses) throws Exception;
    }

    static <Q, R> ServiceMethod<Q, R> unary(TtrpcMethod<Q, R> method, ServerHandlers.Unary<Q, R> handler) {
        return new ServiceMethod<>(
                method, (ctx, in, out) -> Optional.of(nonNull(method, handler.handle(ctx, single(method, in)))));
    }

    static <Q, R> ServiceMethod<Q, R> clientStreaming(
            TtrpcMethod<Q, R> method, ServerHandlers.ClientStreaming<Q, R> handler) {
        return new ServiceMethod<>(method, (ctx, in, out) -> Optional.of(nonNull(method, handler.handle(ctx, in))));
    }

    static <Q, R> ServiceMethod<Q, R> serverStreaming(
            TtrpcMethod<Q, R> method, ServerHandlers.ServerStreaming<Q, R> handler) {
        return new ServiceMethod<>(method, (ctx, in, out) -> {
            handler.handle(ctx, single(method, in), out);
            return Optional.empty();
        });
    }

    static <Q, R> ServiceMethod<Q, R> bidiStreaming(
            TtrpcMethod<Q, R> method, ServerHandlers.BidiStreaming<Q, R> handler) {
        return new ServiceMethod<>(method, (ctx, in, out) -> {
            handler.handle(ctx, in, out);
            return Optional.empty();
        });
    }

    private static <Q> Q single(TtrpcMethod<Q, ?> method, InboundStream<Q> in) {
        return in.receive()
                .orElseThrow(
                        () -> CortadoException.invalidArgument("ttrpc: %s got no request message", method.fullName()));
    }

    private static <R> R nonNull(TtrpcMethod<?, R> method, R response) {
        if (response == null) {
            // ttrpc answers "marshal called with nil" for this bug; we name the method.
            throw CortadoException.internal("ttrpc: handler of " + method.fullName() + " returned no response", null);
        }
        return response;
    }
}
