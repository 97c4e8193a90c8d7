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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * Each ttrpc call starts the gRPC handler on the ttrpc handler thread, in a cancellable gRPC
 * {@link Context} that is cancelled when the ttrpc call ends early (deadline, lost connection);
 * a handler that answers later from another thread holds no ttrpc thread meanwhile. ttrpc
 * metadata becomes gRPC headers.
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
        builder.asyncUnary(
                TtrpcMethod.of(descriptor).withService(serviceName), (ctx, request) -> call(method, ctx, request));
    }

    /**
     * Starts the gRPC handler on this (ttrpc handler) thread and returns what completes when it
     * closes the call, which it may do later from any thread: a Wait holds no thread meanwhile.
     * A ttrpc call that ends first (deadline, lost connection) cancels the result, which
     * cancels the gRPC context and tells the listener.
     */
    private static <Q, R> CompletableFuture<R> call(ServerMethodDefinition<Q, R> method, CallContext ctx, Q request) {
        BridgeCall<Q, R> call = new BridgeCall<>(method.getMethodDescriptor(), ctx);
        Context.CancellableContext grpcContext = Context.current().withCancellation();
        CompletableFuture<R> result = new CompletableFuture<>();
        ServerCall.Listener<Q> listener;
        Context previous = grpcContext.attach();
        try {
            listener = method.getServerCallHandler()
                    .startCall(call, headers(ctx.metadata().asMap()));
            listener.onReady();
            listener.onMessage(request);
            listener.onHalfClose();
        } catch (RuntimeException e) {
            grpcContext.cancel(e);
            throw e;
        } finally {
            grpcContext.detach(previous);
        }
        AtomicBoolean told = new AtomicBoolean(); // the listener hears one end: complete or cancel
        call.closed().whenComplete((status, never) -> {
            if (told.compareAndSet(false, true)) {
                listener.onComplete();
            }
            if (!status.isOk()) {
                result.completeExceptionally(status.asRuntimeException());
                return;
            }
            call.response()
                    .ifPresentOrElse(
                            result::complete,
                            () -> result.completeExceptionally(Status.INTERNAL
                                    .withDescription(method.getMethodDescriptor()
                                                    .getFullMethodName() + " closed OK without a response")
                                    .asRuntimeException()));
        });
        result.whenComplete((r, e) -> {
            if (result.isCancelled() && told.compareAndSet(false, true)) {
                listener.onCancel();
            }
            grpcContext.cancel(null);
        });
        return result;
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
