package dev.cortado.cri.runtime;

import dev.cortado.errors.GrpcErrors;
import dev.cortado.transport.UnixGrpc;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ConnectivityState;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The Task API v3 over gRPC; every call carries the namespace in {@code containerd-namespace}. */
final class GrpcTaskTransport implements TaskTransport {
    private static final Metadata.Key<String> NAMESPACE =
            Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);
    private final UnixGrpc.Channel channel;
    private final io.grpc.Channel intercepted;

    private GrpcTaskTransport(UnixGrpc.Channel channel, String namespace) {
        this.channel = channel;
        Metadata headers = new Metadata();
        headers.put(NAMESPACE, namespace);
        this.intercepted =
                ClientInterceptors.intercept(channel.managed(), MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    static GrpcTaskTransport connect(Path socket, String namespace) {
        return new GrpcTaskTransport(UnixGrpc.channel(socket), namespace);
    }

    @Override
    public <Q, R> CompletableFuture<R> call(MethodDescriptor<Q, R> method, Q request, Optional<Duration> timeout) {
        CallOptions options = timeout.map(t -> CallOptions.DEFAULT.withDeadlineAfter(t.toNanos(), TimeUnit.NANOSECONDS))
                .orElse(CallOptions.DEFAULT);
        CompletableFuture<R> result = new CompletableFuture<>();
        ClientCalls.asyncUnaryCall(intercepted.newCall(method, options), request, new StreamObserver<>() {
            @Override
            public void onNext(R value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(GrpcErrors.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                // the value came in onNext
            }
        });
        return result;
    }

    @Override
    public boolean isConnected() {
        ConnectivityState state = channel.managed().getState(false);
        return state != ConnectivityState.SHUTDOWN && state != ConnectivityState.TRANSIENT_FAILURE;
    }

    @Override
    public void close() {
        channel.close();
    }
}
