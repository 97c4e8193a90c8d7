package dev.cortado.cgroups;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * The detected cgroup v2 hierarchy: its mode, the directory of its root cgroup, and the
 * controllers the root offers ({@code cgroup.controllers}).
 *
 * @param mode how cgroups are mounted
 * @param root the cgroup2 root directory ({@code /sys/fs/cgroup} or {@code .../unified}); for
 *     {@link CgroupMode#NONE} the directory that was probed
 * @param controllers controllers available at the root, empty for {@link CgroupMode#NONE}
 */
public record Hierarchy(CgroupMode mode, Path root, Set<String> controllers) {

    /** Validates and copies. */
    public Hierarchy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(root, "root");
        controllers = Set.copyOf(controllers);
        if (mode == CgroupMode.NONE && !controllers.isEmpty()) {
            throw new IllegalArgumentException("a hierarchy in mode none has no controllers");
        }
    }

    /** Returns whether the controller (for example "memory") is available on this hierarchy. */
    public boolean hasController(String name) {
        return controllers.contains(name);
    }

    /** Why the controller cannot be used here: "the cgroup v2 cpu controller is not available in ...". */
    public String unavailable(String name) {
        if (mode == CgroupMode.NONE) {
            return "no cgroup2 hierarchy is mounted (cgroup mode none, probed " + root + ")";
        }
        return "the cgroup v2 " + name + " controller is not available in cgroup mode " + mode.label() + " at " + root
                + " (available: "
                + (controllers.isEmpty() ? "none" : String.join(" ", new java.util.TreeSet<>(controllers)))
                + ")";
    }

    /**
     * Fails with {@link CgroupException.Reason#UNSUPPORTED} naming the controller and the mode when
     * a limit needs a controller this hierarchy does not offer.
     */
    public void requireController(String name, String what) {
        if (mode == CgroupMode.NONE) {
            throw new CgroupException(
                    CgroupException.Reason.UNSUPPORTED,
                    what + " needs the cgroup v2 " + name + " controller, but no cgroup2 hierarchy is mounted"
                            + " (cgroup mode none, probed " + root + ")");
        }
        if (!hasController(name)) {
            throw new CgroupException(
                    CgroupException.Reason.UNSUPPORTED,
                    what + " needs the cgroup v2 " + name + " controller, which is not available in cgroup"
                            + " mode " + mode.label() + " at " + root + " (available: "
                            + (controllers.isEmpty() ? "none" : String.join(" ", new java.util.TreeSet<>(controllers)))
                            + ")");
        }
    }
}
