package dev.cortado.shim.task;

import dev.cortado.errors.CortadoException;
import java.util.Locale;

/**
 * The lifecycle of one task process (init or exec), as containerd-shim-runc-v2's
 * {@code process/init_state.go}: every transition is checked here, and an illegal one is
 * FAILED_PRECONDITION naming the current state.
 */
public enum Lifecycle {
    CREATED,
    RUNNING,
    PAUSED,
    STOPPED,
    DELETED;

    /** What can happen to a process. */
    public enum Action {
        START,
        PAUSE,
        RESUME,
        EXIT,
        DELETE
    }

    /** The state after {@code action}, or FAILED_PRECONDITION when it is not allowed now. */
    public Lifecycle next(Action action, String what) {
        Lifecycle next = switch (action) {
            case START -> this == CREATED ? RUNNING : null;
            case PAUSE -> this == RUNNING ? PAUSED : null;
            case RESUME -> this == PAUSED ? RUNNING : null;
            // a process killed before start exits from CREATED
            case EXIT -> this == CREATED || this == RUNNING || this == PAUSED ? STOPPED : null;
            case DELETE -> this == CREATED || this == STOPPED ? DELETED : null;
        };
        if (next == null) {
            throw CortadoException.failedPrecondition(
                    "cannot %s %s: it is %s", action.name().toLowerCase(Locale.ROOT), what, label());
        }
        return next;
    }

    /** Whether signals may be sent to the process. */
    public boolean isAlive() {
        return this == CREATED || this == RUNNING || this == PAUSED;
    }

    /** The state in lower case, as it appears in messages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
