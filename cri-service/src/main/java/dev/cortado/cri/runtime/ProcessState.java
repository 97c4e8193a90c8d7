package dev.cortado.cri.runtime;

import java.time.Instant;
import java.util.Objects;

/** A process as the shim's State reports it; {@code execId} is empty for the init process. */
public record ProcessState(
        String id, String execId, int pid, Status status, Stdio stdio, int exitStatus, Instant exitedAt) {

    /** containerd's process states ({@code containerd.v1.types.Status}). */
    public enum Status {
        UNKNOWN,
        CREATED,
        RUNNING,
        STOPPED,
        PAUSED,
        PAUSING
    }

    public ProcessState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(execId, "execId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(stdio, "stdio");
        Objects.requireNonNull(exitedAt, "exitedAt");
    }
}
