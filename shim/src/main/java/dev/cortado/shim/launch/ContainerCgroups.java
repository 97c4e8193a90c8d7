package dev.cortado.shim.launch;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupMode;
import dev.cortado.cgroups.CgroupPath;
import dev.cortado.cgroups.Hierarchy;
import dev.cortado.cgroups.HierarchyDetector;
import dev.cortado.cgroups.RealCgroupFs;
import dev.cortado.cgroups.control.CgroupManager;
import dev.cortado.cgroups.control.Signaller;
import dev.cortado.cgroups.control.Ticker;
import dev.cortado.cgroups.controller.DroppedLimit;
import dev.cortado.cgroups.controller.WritePlan;
import dev.cortado.cgroups.resources.ResourcesMapper;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.options.LimitPolicy;
import dev.cortado.shim.spec.LinuxSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Creates a container's cgroup with the cgroups library and applies the spec's
 * {@code linux.resources} limits, all or nothing: a limit whose controller the hierarchy lacks
 * fails before any directory is made, naming the controller and the cgroup mode, or under
 * {@link LimitPolicy#WARN} is left out and returned.
 */
public final class ContainerCgroups {
    private final CgroupManager manager;

    public ContainerCgroups(CgroupManager manager) {
        this.manager = manager;
    }

    /**
     * For the cgroup2 tree at {@code root}: the host's hierarchy (with its mode, unified or
     * hybrid) when {@code root} is where the host has it, else a unified tree at {@code root}
     * with the controllers its {@code cgroup.controllers} lists (none if it has no such file).
     */
    public static ContainerCgroups at(Path root) {
        Hierarchy host = HierarchyDetector.forHost().detect();
        Hierarchy hierarchy = host.mode() != CgroupMode.NONE && host.root().equals(root)
                ? host
                : new Hierarchy(CgroupMode.UNIFIED, root, controllersAt(root));
        return new ContainerCgroups(
                new CgroupManager(new RealCgroupFs(), hierarchy, Ticker.system(), Signaller.processHandles()));
    }

    /**
     * Creates (or reuses) the cgroup directory {@code dir} for container {@code id} with its
     * limits; returns those left out under {@link LimitPolicy#WARN} (always none under REFUSE).
     */
    List<DroppedLimit> create(String id, Path dir, LinuxSpec.Resources resources, LimitPolicy policy) {
        Path root = manager.hierarchy().root();
        try {
            CgroupPath path = CgroupPath.parse(root.relativize(dir).toString());
            var limits = ResourcesMapper.fromOci(resources.limits());
            WritePlan plan = policy == LimitPolicy.WARN
                    ? WritePlan.lenient(limits, manager.hierarchy())
                    : WritePlan.of(limits, manager.hierarchy());
            manager.create(path, plan);
            return plan.dropped();
        } catch (CgroupException e) {
            throw new CortadoException(kind(e.reason()), "cgroup of container " + id + ": " + e.getMessage(), e);
        }
    }

    /** Removes the cgroup directory {@code dir} of container {@code id} (a create failed after making it). */
    void remove(String id, Path dir) {
        try {
            manager.delete(
                    CgroupPath.parse(manager.hierarchy().root().relativize(dir).toString()), Duration.ofSeconds(5));
        } catch (CgroupException e) {
            throw new CortadoException(kind(e.reason()), "remove cgroup of container " + id + ": " + e.getMessage(), e);
        }
    }

    private static ErrorKind kind(CgroupException.Reason reason) {
        return CgroupErrors.kindOf(reason);
    }

    private static Set<String> controllersAt(Path root) {
        try {
            String list = Files.readString(root.resolve("cgroup.controllers")).trim();
            return list.isEmpty() ? Set.of() : Set.of(list.split("\\s+"));
        } catch (IOException e) {
            return Set.of(); // a plain directory (tests): no controllers
        }
    }
}
