package dev.cortado.errors;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a gRPC server turns exceptions into statuses. Handlers may throw a
 * {@link CortadoException} (or pass any throwable to {@code onError}); the client sees the
 * mapped status with the message, never UNKNOWN for a known kind.
 */
public final class ErrorInterceptor implements ServerInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorInterceptor.class);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        ServerCall<Q, R> mapping = new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                // grpc-java reports a throwable passed to onError as UNKNOWN with the cause kept.
                Throwable cause = status.getCause();
                if (cause != null && status.getCode() == Status.Code.UNKNOWN) {
                    status = GrpcErrors.toStatus(cause);
                }
                log(method, status);
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> delegate = next.startCall(mapping, headers);
        return new SimpleForwardingServerCallListener<>(delegate) {
            @Override
            public void onHalfClose() {
                try {
                    super.onHalfClose();
                } catch (RuntimeException e) {
                    // A handler threw instead of calling onError: map it here, once.
                    mapping.close(GrpcErrors.toStatus(e), new Metadata());
                }
            }
        };
    }

    private static void log(String method, Status status) {
        if (status.isOk()) {
            return;
        }
        if (status.getCode() == Status.Code.INTERNAL || status.getCode() == Status.Code.UNKNOWN) {
            // unexpected: a bug or a host failure, with its stack for the operator
            LOG.warn("{} failed: {} {}", method, status.getCode(), status.getDescription(), status.getCause());
        } else {
            LOG.debug("{} failed: {} {}", method, status.getCode(), status.getDescription());
        }
    }
}
