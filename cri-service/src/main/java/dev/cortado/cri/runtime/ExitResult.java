package dev.cortado.cri.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * How a process ended: Wait's and Delete's answer, and {@code <shim> delete}'s. The exit status
 * is the code, or 128 + signal; {@code exitedAt} is the epoch when the shim does not know it.
 */
public record ExitResult(int pid, int exitStatus, Instant exitedAt) {
    public ExitResult {
        Objects.requireNonNull(exitedAt, "exitedAt");
    }
}
