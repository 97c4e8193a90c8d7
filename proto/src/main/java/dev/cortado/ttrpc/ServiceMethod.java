package dev.cortado.ttrpc;

import dev.cortado.errors.CortadoException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A method bound to its handler, in the one shape the server runs every call in: read the
 * inbound stream, write the outbound stream, maybe return a final message.
 *
 * <p>For a unary or server-streaming method the inbound stream holds exactly the request's
 * payload. The final message of a unary or client-streaming call goes into the Response
 * frame; a server-streaming call has none and ends with Data + remote-closed. The outcome is a
 * stage: already complete when the handler returns, except for an {@link ServerHandlers.AsyncUnary}.
 */
public record ServiceMethod<Q, R>(TtrpcMethod<Q, R> method, Invocation<Q, R> invocation) {

    /** The uniform form of the four handler shapes. */
    @FunctionalInterface
    public interface Invocation<Q, R> {
        CompletionStage<Optional<R>> run(CallContext context, InboundStream<Q> requests, OutboundStream<R> responses)
                throws Exception;
    }

    static <Q, R> ServiceMethod<Q, R> unary(TtrpcMethod<Q, R> method, ServerHandlers.Unary<Q, R> handler) {
        return new ServiceMethod<>(
                method, (ctx, in, out) -> done(Optional.of(nonNull(method, handler.handle(ctx, single(method, in))))));
    }

    static <Q, R> ServiceMethod<Q, R> asyncUnary(TtrpcMethod<Q, R> method, ServerHandlers.AsyncUnary<Q, R> handler) {
        return new ServiceMethod<>(method, (ctx, in, out) -> {
            CompletionStage<R> later = handler.handle(ctx, single(method, in));
            CompletableFuture<Optional<R>> result =
                    later.toCompletableFuture().thenApply(r -> Optional.of(nonNull(method, r)));
            // the server cancels what it was given; the handler's own stage must learn it
            result.whenComplete((r, e) -> {
                if (result.isCancelled()) {
                    later.toCompletableFuture().cancel(false);
                }
            });
            return result;
        });
    }

    static <Q, R> ServiceMethod<Q, R> clientStreaming(
            TtrpcMethod<Q, R> method, ServerHandlers.ClientStreaming<Q, R> handler) {
        return new ServiceMethod<>(
                method, (ctx, in, out) -> done(Optional.of(nonNull(method, handler.handle(ctx, in)))));
    }

    static <Q, R> ServiceMethod<Q, R> serverStreaming(
            TtrpcMethod<Q, R> method, ServerHandlers.ServerStreaming<Q, R> handler) {
        return new ServiceMethod<>(method, (ctx, in, out) -> {
            handler.handle(ctx, single(method, in), out);
            return done(Optional.empty());
        });
    }

    static <Q, R> ServiceMethod<Q, R> bidiStreaming(
            TtrpcMethod<Q, R> method, ServerHandlers.BidiStreaming<Q, R> handler) {
        return new ServiceMethod<>(method, (ctx, in, out) -> {
            handler.handle(ctx, in, out);
            return done(Optional.empty());
        });
    }

    private static <R> CompletionStage<Optional<R>> done(Optional<R> result) {
        return CompletableFuture.completedFuture(result);
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
