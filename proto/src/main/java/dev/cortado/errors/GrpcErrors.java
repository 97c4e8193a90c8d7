package dev.cortado.errors;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * The one mapping between our errors and gRPC {@link Status}: servers use {@link #toStatus},
 * clients use {@link #fromStatus}. ttrpc reuses the same codes (its {@code google.rpc.Status}
 * carries the gRPC code number), so this is the only place where kinds meet codes.
 */
public final class GrpcErrors {
    private GrpcErrors() {}

    /**
     * The status a client should see for a failure. A {@link CortadoException} keeps its kind and
     * message; anything else is INTERNAL (a bug or an unexpected host error), with the
     * exception's own message so that the operator can find it in the log. No JDK exception
     * type is a client's mistake: an {@link IllegalArgumentException} is Cortado's own bug
     * unless validation turned it into {@link CortadoException#invalidArgument} on purpose.
     */
    public static Status toStatus(Throwable error) {
        if (error instanceof CortadoException ce) {
            return Status.fromCodeValue(ce.kind().code())
                    .withDescription(ce.getMessage())
                    .withCause(ce);
        }
        if (error instanceof StatusRuntimeException sre) {
            return sre.getStatus();
        }
        if (error instanceof StatusException se) {
            return se.getStatus();
        }
        if (error instanceof TimeoutException) {
            return Status.DEADLINE_EXCEEDED.withDescription(error.getMessage()).withCause(error);
        }
        if (error instanceof CancellationException) {
            return Status.CANCELLED.withDescription(error.getMessage()).withCause(error);
        }
        String message = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
        return Status.INTERNAL.withDescription(message).withCause(error);
    }

    /** The kind a status stands for; used by clients that got an error from a peer. */
    public static ErrorKind kindOf(Status status) {
        return ErrorKind.fromCode(status.getCode().value());
    }

    /** Turns an error status from a peer back into our exception, keeping the peer's message. */
    public static CortadoException fromStatus(Status status) {
        if (status.isOk()) {
            throw new IllegalArgumentException("status is OK, not an error");
        }
        String message =
                status.getDescription() == null ? status.getCode().name().toLowerCase() : status.getDescription();
        return new CortadoException(kindOf(status), message, status.asRuntimeException());
    }

    /** Turns a gRPC client exception back into our exception; other throwables become INTERNAL. */
    public static CortadoException fromThrowable(Throwable error) {
        if (error instanceof CortadoException ce) {
            return ce;
        }
        Status status = Status.fromThrowable(error);
        if (status.getCode() == Status.Code.UNKNOWN
                && !(error instanceof StatusRuntimeException)
                && !(error instanceof StatusException)) {
            return CortadoException.internal(String.valueOf(error.getMessage()), error);
        }
        return fromStatus(status);
    }
}
