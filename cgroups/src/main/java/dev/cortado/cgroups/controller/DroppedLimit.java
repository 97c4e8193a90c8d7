package dev.cortado.cgroups.controller;

import java.util.Objects;

/**
 * A limit that a lenient {@link WritePlan} left out because the hierarchy cannot enforce it,
 * with the reason, so a caller can warn about it and report it (never drop it silently).
 *
 * @param controller the controller the limit needs ("cpu", "memory")
 * @param file the cgroup file it would have been written to ({@code cpu.weight})
 * @param value the value that was not written
 * @param reason why, naming the cgroup mode and the controllers that are there
 */
public record DroppedLimit(String controller, String file, String value, String reason) {
    /** Checks that nothing is missing. */
    public DroppedLimit {
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code file=value} (reason), as a warning lists it. */
    public String describe() {
        return file + "=" + value + " (" + reason + ")";
    }
}
