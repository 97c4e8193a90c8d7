package dev.cortado.ttrpc.client;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.cortado.api.ttrpc.Response;
import dev.cortado.errors.CortadoException;
import dev.cortado.ttrpc.MessageCodec;
import dev.cortado.ttrpc.TtrpcErrors;
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
            result.complete(responseCodec.decode(payloadOf(frame)));
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

    /** The message bytes of an OK Response; an error status becomes our exception. */
    static byte[] payloadOf(Frame responseFrame) {
        Response response;
        try {
            response = Response.parseFrom(responseFrame.payload());
        } catch (InvalidProtocolBufferException e) {
            throw CortadoException.internal(
                    "ttrpc: cannot parse the response on stream " + Integer.toUnsignedString(responseFrame.streamId()),
                    e);
        }
        if (response.getStatus().getCode() != 0) {
            throw TtrpcErrors.toException(response.getStatus());
        }
        return response.getPayload().toByteArray();
    }
}
