package dev.cortado.cri.container;

import java.util.Objects;

/**
 * The changing part of a container: what ContainerStatus and ListContainers report.
 * Timestamps are wall-clock nanoseconds since the epoch, 0 when it has not happened.
 *
 * @param reason {@code Completed}, {@code Error}, {@code OOMKilled}, or empty while not exited
 * @param message free text, e.g. why a start failed
 * @param pid the init process's host pid while it runs, else 0
 */
public record ContainerStatus(
        ContainerState state,
        long createdAtNanos,
        long startedAtNanos,
        long finishedAtNanos,
        int exitCode,
        String reason,
        String message,
        int pid) {
    public ContainerStatus {
        Objects.requireNonNull(state, "state");
        reason = Objects.requireNonNullElse(reason, "");
        message = Objects.requireNonNullElse(message, "");
    }

    /** A just-created container. */
    public static ContainerStatus created(long createdAtNanos, int pid) {
        return new ContainerStatus(ContainerState.CREATED, createdAtNanos, 0, 0, 0, "", "", pid);
    }
}
