package dev.cortado.cri.status;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupMode;
import dev.cortado.cgroups.Hierarchy;
import dev.cortado.cgroups.HierarchyDetector;
import java.util.Optional;

/**
 * Checks that a cgroup v2 hierarchy is mounted (pure v2 at /sys/fs/cgroup, or the unified
 * mount of a hybrid host), since every container lives in a cgroup v2 group.
 */
public final class CgroupV2Check implements ReadinessCheck {
    private final HierarchyDetector detector;

    public CgroupV2Check(HierarchyDetector detector) {
        this.detector = detector;
    }

    @Override
    public String name() {
        return "cgroup2";
    }

    @Override
    public Optional<Failure> check() {
        try {
            Hierarchy hierarchy = detector.detect();
            return hierarchy.mode() == CgroupMode.NONE
                    ? Optional.of(new Failure("CgroupV2Missing", "no cgroup2 hierarchy found at " + hierarchy.root()))
                    : Optional.empty();
        } catch (CgroupException e) {
            return Optional.of(new Failure("CgroupV2Missing", e.getMessage()));
        }
    }
}
