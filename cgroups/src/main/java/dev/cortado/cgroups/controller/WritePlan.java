package dev.cortado.cgroups.controller;

import dev.cortado.cgroups.Hierarchy;
import dev.cortado.cgroups.resources.Resources;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * All writes for one {@link Resources}, computed and checked before anything touches a cgroup:
 * each controller that has writes must be available, otherwise the plan fails with UNSUPPORTED
 * naming the controller and the mode, so nothing is half-applied. Writes that only ask for the
 * kernel's unconstrained defaults need no controller ({@link Unconstrained}).
 *
 * @param writes in order: cpu, cpuset, memory, pids, hugetlb, io, rdma, then unified (last, so a
 *     unified value overrides a derived one, as in runc)
 * @param controllers the controllers the writes need, to enable in parents' subtree_control
 */
public record WritePlan(List<Write> writes, Set<String> controllers) {
    /** The controllers in their fixed order. */
    public static final List<Controller> CONTROLLERS = List.of(new CpuController(), new CpusetController(),
            new MemoryController(), new PidsController(), new HugetlbController(), new IoController(), new RdmaController());

    /** Copies. */
    public WritePlan {
        writes = List.copyOf(writes);
        controllers = Set.copyOf(controllers);
    }

    /** Computes and checks the plan for a hierarchy. */
    public static WritePlan of(Resources resources, Hierarchy hierarchy) {
        List<Write> writes = new ArrayList<>();
        Set<String> needed = new LinkedHashSet<>();
        for (Controller c : CONTROLLERS) {
            List<Write> w = c.writes(resources);
            if (!hierarchy.hasController(c.name()) && w.stream().allMatch(Unconstrained::isUnconstrained)) {
                continue; // only defaults were asked for: nothing to enforce, no controller needed
            }
            if (!w.isEmpty()) {
                hierarchy.requireController(c.name(), c.name() + " limits (" + w.get(0).file() + ")");
                needed.add(c.name());
                writes.addAll(w);
            }
        }
        List<Write> unified = UnifiedValidator.writes(resources.unified(), hierarchy.controllers(), hierarchy.mode().label());
        for (Write w : unified) {
            if (!w.controller().equals("cgroup")) {
                needed.add(w.controller());
            }
        }
        writes.addAll(unified);
        return new WritePlan(writes, needed);
    }
}
