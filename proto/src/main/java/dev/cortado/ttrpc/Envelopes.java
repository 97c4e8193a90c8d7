package dev.cortado.ttrpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Status;
import dev.cortado.api.ttrpc.KeyValue;
import dev.cortado.api.ttrpc.Request;
import dev.cortado.api.ttrpc.Response;
import dev.cortado.errors.CortadoException;
import dev.cortado.ttrpc.frame.Frame;
import dev.cortado.ttrpc.frame.FrameType;
import java.util.List;

/**
 * The {@code ttrpc.Request} and {@code ttrpc.Response} envelopes (request.proto) around a
 * message's bytes, as the frames that carry them: the one place client and server wrap and
 * unwrap them.
 */
public final class Envelopes {
    private Envelopes() {}

    /** A Request frame calling {@code service/method} with the encoded message {@code payload}. */
    public static Frame request(
            int streamId,
            int flags,
            String service,
            String method,
            byte[] payload,
            long timeoutNanos,
            List<KeyValue> metadata) {
        Request request = Request.newBuilder()
                .setService(service)
                .setMethod(method)
                .setPayload(ByteString.copyFrom(payload))
                .setTimeoutNano(timeoutNanos)
                .addAllMetadata(metadata)
                .build();
        return new Frame(streamId, FrameType.REQUEST, flags, request.toByteArray());
    }

    /** The Request a Request frame carries; its message is {@link #payload(Request)}. */
    public static Request parseRequest(Frame frame) throws InvalidProtocolBufferException {
        return Request.parseFrom(frame.payload());
    }

    /** The encoded message of a request. */
    public static byte[] payload(Request request) {
        return request.getPayload().toByteArray();
    }

    /** The Response frame of a call that succeeded with the encoded message {@code payload}. */
    public static Frame okResponse(int streamId, byte[] payload) {
        Response ok = Response.newBuilder()
                .setStatus(Status.getDefaultInstance())
                .setPayload(ByteString.copyFrom(payload))
                .build();
        return new Frame(streamId, FrameType.RESPONSE, 0, ok.toByteArray());
    }

    /** The Response frame of a call that failed with {@code status}. */
    public static Frame errorResponse(int streamId, Status status) {
        return new Frame(
                streamId,
                FrameType.RESPONSE,
                0,
                Response.newBuilder().setStatus(status).build().toByteArray());
    }

    /** The message bytes of an OK Response frame; an error status becomes our exception. */
    public static byte[] responsePayload(Frame responseFrame) {
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
