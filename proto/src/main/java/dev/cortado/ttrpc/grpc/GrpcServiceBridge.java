package dev.cortado.ttrpc.grpc;

import dev.cortado.errors.ErrorInterceptor;
import dev.cortado.ttrpc.CallContext;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcService;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns a gRPC {@link ServerServiceDefinition} (e.g. {@code new TaskService().bindService()})
 * into a {@link TtrpcService}.
 *
 * <pre>{@code
 * ServerServiceDefinition task = new TaskService().bindService();
 * TtrpcServer.builder(transport)
 *         .service(GrpcServiceBridge.toTtrpc(task))                            // containerd.task.v3.Task
 *         .service(GrpcServiceBridge.toTtrpc(task, "containerd.task.v2.Task")) // same messages as v2
 *         .build().start();
 * }</pre>
 *
 * Each ttrpc call runs the gRPC handler on the ttrpc handler thread, in a cancellable gRPC
 * {@link Context} that is cancelled when the ttrpc call ends early (deadline, lost connection);
 * ttrpc metadata becomes gRPC headers.
 */
public final class GrpcServiceBridge {
    private GrpcServiceBridge() {}

    /** The service under its own gRPC name. */
    public static TtrpcService toTtrpc(ServerServiceDefinition definition) {
        return toTtrpc(definition, definition.getServiceDescriptor().getName());
    }

    /** The service under {@code serviceName}, e.g. the v2 name for a v3 implementation. */
    public static TtrpcService toTtrpc(ServerServiceDefinition definition, String serviceName) {
        ServerServiceDefinition mapped = ServerInterceptors.intercept(definition, new ErrorInterceptor());
        TtrpcService.Builder builder = TtrpcService.builder(serviceName);
        for (ServerMethodDefinition<?, ?> method : mapped.getMethods()) {
            bind(builder, method, serviceName);
        }
        return builder.build();
    }

    private static <Q, R> void bind(
            TtrpcService.Builder builder, ServerMethodDefinition<Q, R> method, String serviceName) {
        MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
        if (descriptor.getType() != MethodDescriptor.MethodType.UNARY) {
            throw new IllegalArgumentException("only unary gRPC methods can be served over ttrpc by this bridge, not "
                    + descriptor.getFullMethodName() + " (" + descriptor.getType() + ")");
        }
        builder.unary(
                TtrpcMethod.of(descriptor).withService(serviceName), (ctx, request) -> call(method, ctx, request));
    }

    private static <Q, R> R call(ServerMethodDefinition<Q, R> method, CallContext ctx, Q request) throws Exception {
        BridgeCall<Q, R> call = new BridgeCall<>(method.getMethodDescriptor(), ctx);
        Context.CancellableContext grpcContext = Context.current().withCancellation();
        ServerCall.Listener<Q> listener;
        Context previous = grpcContext.attach();
        try {
            listener = method.getServerCallHandler()
                    .startCall(call, headers(ctx.metadata().asMap()));
            listener.onReady();
            listener.onMessage(request);
            listener.onHalfClose();
        } finally {
            grpcContext.detach(previous);
        }
        try {
            // A gRPC handler may answer later from another thread; wait, and notice an early end.
            while (true) {
                try {
                    Status status = call.closed().get(100, TimeUnit.MILLISECONDS);
                    listener.onComplete();
                    if (!status.isOk()) {
                        throw status.asRuntimeException();
                    }
                    return call.response()
                            .orElseThrow(() -> Status.INTERNAL
                                    .withDescription(method.getMethodDescriptor()
                                                    .getFullMethodName() + " closed OK without a response")
                                    .asRuntimeException());
                } catch (TimeoutException stillRunning) {
                    if (ctx.isCancelled()) {
                        listener.onCancel();
                        ctx.checkActive();
                    }
                }
            }
        } finally {
            grpcContext.cancel(null);
        }
    }

    private static io.grpc.Metadata headers(Map<String, List<String>> metadata) {
        io.grpc.Metadata headers = new io.grpc.Metadata();
        metadata.forEach((key, values) -> {
            if (key.endsWith(io.grpc.Metadata.BINARY_HEADER_SUFFIX)) {
                return; // ttrpc values are strings; binary headers cannot come from it
            }
            try {
                io.grpc.Metadata.Key<String> grpcKey =
                        io.grpc.Metadata.Key.of(key, io.grpc.Metadata.ASCII_STRING_MARSHALLER);
                values.forEach(v -> headers.put(grpcKey, v));
            } catch (IllegalArgumentException notAHeaderName) {
                // a key gRPC cannot carry (e.g. with spaces) is left out rather than failing the call
            }
        });
        return headers;
    }
}
