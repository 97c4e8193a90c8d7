package dev.cortado.ttrpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import dev.cortado.errors.CortadoException;
import io.grpc.MethodDescriptor.Marshaller;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Turns one message type into the bytes of a frame payload and back.
 *
 * <p>A payload that does not parse is INVALID_ARGUMENT naming the type's problem, so a
 * malformed request is reported to its sender and never taken for a server bug.
 */
public interface MessageCodec<T> {
    byte[] encode(T message);

    T decode(byte[] payload);

    /** The codec of a generated protobuf message type, e.g. {@code protobuf(Empty.parser())}. */
    static <T extends MessageLite> MessageCodec<T> protobuf(Parser<T> parser) {
        return new MessageCodec<>() {
            @Override
            public byte[] encode(T message) {
                return message.toByteArray();
            }

            @Override
            public T decode(byte[] payload) {
                try {
                    return parser.parseFrom(payload);
                } catch (InvalidProtocolBufferException e) {
                    throw new CortadoException(
                            dev.cortado.errors.ErrorKind.INVALID_ARGUMENT,
                            "ttrpc: error unmarshalling payload: " + e.getMessage(),
                            e);
                }
            }
        };
    }

    /** The codec behind a gRPC marshaller, as found in generated {@code *Grpc} method descriptors. */
    static <T> MessageCodec<T> grpc(Marshaller<T> marshaller) {
        return new MessageCodec<>() {
            @Override
            public byte[] encode(T message) {
                try (InputStream in = marshaller.stream(message)) {
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public T decode(byte[] payload) {
                try {
                    return marshaller.parse(new ByteArrayInputStream(payload));
                } catch (RuntimeException e) {
                    throw new CortadoException(
                            dev.cortado.errors.ErrorKind.INVALID_ARGUMENT,
                            "ttrpc: error unmarshalling payload: " + e.getMessage(),
                            e);
                }
            }
        };
    }
}
