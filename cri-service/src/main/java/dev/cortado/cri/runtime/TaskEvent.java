package dev.cortado.cri.runtime;

import java.time.Instant;

/**
 * A shim's task event in our words (containerd's {@code containerd.events.Task*}), with the
 * namespace of the envelope it came in. For the init process {@code id} is the container id,
 * for an exec the exec id.
 */
public sealed interface TaskEvent {
    String namespace();

    String containerId();

    record Created(String namespace, String containerId, int pid, String bundle) implements TaskEvent {}

    record Started(String namespace, String containerId, int pid) implements TaskEvent {}

    /** A process exited; {@code recovered} when cortado asked the shim after missing the event. */
    record Exited(
            String namespace,
            String containerId,
            String id,
            int pid,
            int exitStatus,
            Instant exitedAt,
            boolean recovered)
            implements TaskEvent {}

    record Oom(String namespace, String containerId) implements TaskEvent {}

    record ExecAdded(String namespace, String containerId, String execId) implements TaskEvent {}

    record ExecStarted(String namespace, String containerId, String execId, int pid) implements TaskEvent {}

    record Deleted(String namespace, String containerId, String id, int pid, int exitStatus, Instant exitedAt)
            implements TaskEvent {}

    record Paused(String namespace, String containerId) implements TaskEvent {}

    record Resumed(String namespace, String containerId) implements TaskEvent {}
}
