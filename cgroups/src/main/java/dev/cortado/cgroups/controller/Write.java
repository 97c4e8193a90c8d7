package dev.cortado.cgroups.controller;

import java.util.Objects;

/**
 * One value to write to one file of a cgroup directory.
 *
 * @param controller the controller that owns the file ("memory", "cpu"; "cgroup" for core files)
 * @param file the file name, never a path
 * @param value the exact bytes to write
 * @param skipIfMissing true when a missing file means "feature off" and the write may be skipped
 *     (runc: setting {@code memory.swap.max} to 0 or max without swap accounting is not an error)
 */
public record Write(String controller, String file, String value, boolean skipIfMissing) {
    /** Validates that the file is a plain name. */
    public Write {
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(value, "value");
        if (file == null || file.isEmpty() || file.contains("/") || file.startsWith(".")) {
            throw new IllegalArgumentException("write target must be a file name, got " + file);
        }
    }

    /** A write that must succeed. */
    public static Write of(String controller, String file, String value) {
        return new Write(controller, file, value, false);
    }
}
