package dev.cortado.ttrpc.client;

import dev.cortado.errors.CortadoException;
import dev.cortado.ttrpc.Envelopes;
import dev.cortado.ttrpc.MessageCodec;
import dev.cortado.ttrpc.frame.Frame;
import dev.cortado.ttrpc.frame.FrameType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/** A unary call in flight: completes its future with the Response's message or error. */
final class UnaryCall<R> implements PendingCall {
    private final MessageCodec<R> responseCodec;
    private final CompletableFuture<R> result = new CompletableFuture<>();

    UnaryCall(MessageCodec<R> responseCodec) {
        this.responseCodec = responseCodec;
    }

    CompletableFuture<R> result() {
        return result;
    }

    @Override
    public void onFrame(Frame frame) {
        if (frame.type() != FrameType.RESPONSE) {
            fail(CortadoException.internal("ttrpc: unary call got " + frame + " instead of a response", null));
            return;
        }
        try {
            result.complete(responseCodec.decode(Envelopes.responsePayload(frame)));
        } catch (CortadoException e) {
            result.completeExceptionally(e);
        }
    }

    @Override
    public void deadlineTimer(Future<?> timer) {
        result.whenComplete((r, e) -> timer.cancel(false));
    }

    @Override
    public void fail(CortadoException error) {
        result.completeExceptionally(error);
    }
}
