package dev.cortado.cgroups;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Detects the cgroup mode below a configurable cgroupfs base ({@code /sys/fs/cgroup} on a host,
 * a {@code @TempDir} in tests) the way runc does: v2 when {@code cgroup.controllers} exists at
 * the base, hybrid when it exists in {@code unified/}, none otherwise.
 */
public final class HierarchyDetector {
    /** The standard cgroupfs mount point. */
    public static final Path DEFAULT_BASE = Path.of("/sys/fs/cgroup");

    private final CgroupFs fs;
    private final Path base;

    /** Creates a detector reading through {@code fs} below {@code base}. */
    public HierarchyDetector(CgroupFs fs, Path base) {
        this.fs = Objects.requireNonNull(fs, "fs");
        this.base = Objects.requireNonNull(base, "base");
    }

    /** Creates a detector for the host's {@code /sys/fs/cgroup}. */
    public static HierarchyDetector forHost() {
        return new HierarchyDetector(new RealCgroupFs(), DEFAULT_BASE);
    }

    /** Probes the base and returns the hierarchy found there. */
    public Hierarchy detect() {
        if (fs.exists(base.resolve("cgroup.controllers"))) {
            return new Hierarchy(CgroupMode.UNIFIED, base, controllers(base));
        }
        Path unified = base.resolve("unified");
        if (fs.exists(unified.resolve("cgroup.controllers"))) {
            return new Hierarchy(CgroupMode.HYBRID, unified, controllers(unified));
        }
        return new Hierarchy(CgroupMode.NONE, base, Set.of());
    }

    private Set<String> controllers(Path root) {
        Path file = root.resolve("cgroup.controllers");
        try {
            return Controllers.parse(fs.read(file));
        } catch (IOException e) {
            throw new CgroupException(CgroupException.Reason.IO, "cannot read " + file, e);
        }
    }
}
