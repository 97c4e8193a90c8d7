package dev.cortado.ttrpc.grpc;

import dev.cortado.ttrpc.CallContext;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link ServerCall} a gRPC handler talks to when it is run for a ttrpc call: it keeps the
 * one response and the closing status, and reports the ttrpc call's cancellation.
 */
final class BridgeCall<Q, R> extends ServerCall<Q, R> {
    private final MethodDescriptor<Q, R> descriptor;
    private final CallContext context;
    private final CompletableFuture<Status> closed = new CompletableFuture<>();
    private volatile R response;

    BridgeCall(MethodDescriptor<Q, R> descriptor, CallContext context) {
        this.descriptor = descriptor;
        this.context = context;
    }

    CompletableFuture<Status> closed() {
        return closed;
    }

    Optional<R> response() {
        return Optional.ofNullable(response);
    }

    @Override
    public void request(int numMessages) {
        // the one request message is delivered by the bridge; there is no flow control
    }

    @Override
    public void sendHeaders(Metadata headers) {
        // ttrpc responses have no headers
    }

    @Override
    public void sendMessage(R message) {
        response = message;
    }

    @Override
    public void close(Status status, Metadata trailers) {
        closed.complete(status);
    }

    @Override
    public boolean isCancelled() {
        return context.isCancelled();
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public Attributes getAttributes() {
        return Attributes.EMPTY;
    }

    @Override
    public MethodDescriptor<Q, R> getMethodDescriptor() {
        return descriptor;
    }
}
