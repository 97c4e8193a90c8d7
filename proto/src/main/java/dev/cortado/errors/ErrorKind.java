package dev.cortado.errors;

/**
 * What went wrong, in the vocabulary that containerd's errdefs, gRPC and ttrpc share.
 *
 * <p>Each kind carries the canonical gRPC status code number, which is also what ttrpc puts
 * in {@code google.rpc.Status.code}. Domain code picks a kind; only the server interceptors and
 * client adapters turn it into a wire status (see {@link GrpcErrors}).
 */
public enum ErrorKind {
    CANCELLED(1),
    UNKNOWN(2),
    INVALID_ARGUMENT(3),
    DEADLINE_EXCEEDED(4),
    NOT_FOUND(5),
    ALREADY_EXISTS(6),
    PERMISSION_DENIED(7),
    RESOURCE_EXHAUSTED(8),
    FAILED_PRECONDITION(9),
    ABORTED(10),
    OUT_OF_RANGE(11),
    UNIMPLEMENTED(12),
    INTERNAL(13),
    UNAVAILABLE(14),
    DATA_LOSS(15),
    UNAUTHENTICATED(16);

    private final int code;

    ErrorKind(int code) {
        this.code = code;
    }

    /** The canonical gRPC status code number of this kind. */
    public int code() {
        return code;
    }

    /** The kind for a gRPC status code number; OK and unknown numbers map to UNKNOWN. */
    public static ErrorKind fromCode(int code) {
        for (ErrorKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        return UNKNOWN;
    }
}
