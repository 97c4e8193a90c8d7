package dev.cortado.cgroups;

import java.util.Objects;

/**
 * The one exception type of the cgroups module, carrying a {@link Reason} that callers map to
 * their own error kinds (the shared error model lives in the proto module, which this module
 * must not depend on).
 */
public final class CgroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an operation failed; mirrors the error kinds of the shared error model. */
    public enum Reason {
        /** A request value is malformed (bad path, bad unified key, negative limit). */
        INVALID_ARGUMENT,
        /** A cgroup or file does not exist. */
        NOT_FOUND,
        /** A limit was asked for that this hierarchy cannot enforce (controller missing, wrong mode). */
        UNSUPPORTED,
        /** The cgroup is not in a state that allows the operation (for example still populated). */
        FAILED_PRECONDITION,
        /** Waiting for the kernel (freeze, drain, kill) took longer than allowed. */
        TIMEOUT,
        /** Reading or writing cgroupfs failed. */
        IO
    }

    private final Reason reason;

    /** Creates an exception with a reason and a lower-case message naming what failed. */
    public CgroupException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** Creates an exception with a reason, a message and the cause it wraps. */
    public CgroupException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Returns why the operation failed. */
    public Reason reason() {
        return reason;
    }
}
