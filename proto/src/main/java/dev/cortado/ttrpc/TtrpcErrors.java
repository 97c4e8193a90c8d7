package dev.cortado.ttrpc;

import com.google.rpc.Status;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.errors.GrpcErrors;

/**
 * Converts between our errors and the {@code google.rpc.Status} that ttrpc responses carry.
 *
 * <p>The kind-to-code mapping is {@link GrpcErrors}'s, reused here so that a ttrpc and a gRPC
 * client see the same code for the same failure. The messages of protocol errors are ttrpc's
 * own (server.go, services.go, channel.go), because containerd logs and compares them.
 */
public final class TtrpcErrors {
    private TtrpcErrors() {}

    /** The status for a handler failure: a kind keeps its code and message, anything else is INTERNAL. */
    public static Status toStatus(Throwable error) {
        io.grpc.Status status = GrpcErrors.toStatus(error);
        String message = status.getDescription() == null ? "" : status.getDescription();
        return Status.newBuilder()
                .setCode(status.getCode().value())
                .setMessage(message)
                .build();
    }

    /** A status of {@code kind} with {@code message}, for protocol errors raised by ttrpc itself. */
    public static Status status(ErrorKind kind, String message) {
        return Status.newBuilder().setCode(kind.code()).setMessage(message).build();
    }

    /** The exception a client raises for an error status received from its peer. */
    public static CortadoException toException(Status status) {
        if (status.getCode() == 0) {
            throw new IllegalArgumentException("status is OK, not an error");
        }
        ErrorKind kind = ErrorKind.fromCode(status.getCode());
        String message = status.getMessage().isEmpty() ? kind.name().toLowerCase() : status.getMessage();
        return new CortadoException(kind, message);
    }

    /** UNAVAILABLE for calls that were in flight when their connection went away. */
    public static CortadoException connectionClosed(String peer) {
        return CortadoException.unavailable("ttrpc: connection to %s closed", peer);
    }
}
