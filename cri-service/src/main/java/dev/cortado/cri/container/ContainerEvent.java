package dev.cortado.cri.container;

import java.util.Objects;

/**
 * A container lifecycle change, published after it is persisted (CRI
 * {@code ContainerEventResponse}); the adapter adds the pod's and its containers' statuses.
 */
public record ContainerEvent(Type type, String containerId, String sandboxId, long createdAtNanos) {
    /** CRI {@code ContainerEventType}. */
    public enum Type {
        CREATED,
        STARTED,
        STOPPED,
        DELETED
    }

    public ContainerEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(sandboxId, "sandboxId");
    }
}
