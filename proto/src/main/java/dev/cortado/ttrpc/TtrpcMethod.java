package dev.cortado.ttrpc;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.util.Objects;

/**
 * Describes one ttrpc method: the service it belongs to, its name, its streaming shape and the
 * codecs of its input and output messages. Servers register handlers against it and clients
 * call it.
 *
 * <p>Generated gRPC stubs already describe every method, so the usual way to get one is
 * {@code TtrpcMethod.of(TaskGrpc.getCreateMethod())}; {@link #withService} serves the same
 * messages under another service name (containerd.task.v2.Task next to v3).
 */
public record TtrpcMethod<Q, R>(
        String service, String name, MethodType type, MessageCodec<Q> requestCodec, MessageCodec<R> responseCodec) {

    public TtrpcMethod {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(requestCodec, "requestCodec");
        Objects.requireNonNull(responseCodec, "responseCodec");
        if (service == null || service.isEmpty() || name == null || name.isEmpty()) {
            throw new IllegalArgumentException(
                    "a ttrpc method needs a service and a name, got " + service + "/" + name);
        }
    }

    /** The method a generated gRPC descriptor describes (service, name, type, marshallers). */
    public static <Q, R> TtrpcMethod<Q, R> of(io.grpc.MethodDescriptor<Q, R> grpc) {
        return new TtrpcMethod<>(
                grpc.getServiceName(),
                grpc.getBareMethodName(),
                MethodType.of(grpc.getType()),
                MessageCodec.grpc(grpc.getRequestMarshaller()),
                MessageCodec.grpc(grpc.getResponseMarshaller()));
    }

    /** A method over protobuf messages, described by hand. */
    public static <Q extends MessageLite, R extends MessageLite> TtrpcMethod<Q, R> of(
            String service, String name, MethodType type, Parser<Q> requestParser, Parser<R> responseParser) {
        return new TtrpcMethod<>(
                service, name, type, MessageCodec.protobuf(requestParser), MessageCodec.protobuf(responseParser));
    }

    /** The same method under another service name. */
    public TtrpcMethod<Q, R> withService(String otherService) {
        return new TtrpcMethod<>(otherService, name, type, requestCodec, responseCodec);
    }

    /** {@code /service/method}, as ttrpc names methods in its logs. */
    public String fullName() {
        return "/" + service + "/" + name;
    }
}
