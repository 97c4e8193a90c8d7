package dev.cortado.errors;

import java.util.Objects;

/**
 * The one exception type that domain code throws: a message naming what failed and on what,
 * plus the {@link ErrorKind} that decides the status a client sees.
 */
public final class CortadoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    public CortadoException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    public CortadoException(ErrorKind kind, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ErrorKind kind() {
        return kind;
    }

    public static CortadoException notFound(String format, Object... args) {
        return new CortadoException(ErrorKind.NOT_FOUND, String.format(format, args));
    }

    public static CortadoException alreadyExists(String format, Object... args) {
        return new CortadoException(ErrorKind.ALREADY_EXISTS, String.format(format, args));
    }

    public static CortadoException invalidArgument(String format, Object... args) {
        return new CortadoException(ErrorKind.INVALID_ARGUMENT, String.format(format, args));
    }

    public static CortadoException failedPrecondition(String format, Object... args) {
        return new CortadoException(ErrorKind.FAILED_PRECONDITION, String.format(format, args));
    }

    public static CortadoException unavailable(String format, Object... args) {
        return new CortadoException(ErrorKind.UNAVAILABLE, String.format(format, args));
    }

    public static CortadoException unimplemented(String format, Object... args) {
        return new CortadoException(ErrorKind.UNIMPLEMENTED, String.format(format, args));
    }

    public static CortadoException internal(String message, Throwable cause) {
        return new CortadoException(ErrorKind.INTERNAL, message, cause);
    }

    @Override
    public String toString() {
        return "CortadoException[" + kind + "]: " + getMessage();
    }
}
