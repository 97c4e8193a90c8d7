package dev.cortado.cgroups.controller;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.Hierarchy;
import dev.cortado.cgroups.resources.Resources;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * All writes for one {@link Resources}, computed and checked before anything touches a cgroup:
 * each controller that has writes must be available, otherwise the plan fails with UNSUPPORTED
 * naming the controller and the mode, so nothing is half-applied. Writes that only ask for the
 * kernel's unconstrained defaults need no controller ({@link Unconstrained}). A {@link #lenient}
 * plan instead leaves out what the hierarchy cannot enforce and lists it in {@code dropped}.
 *
 * @param writes in order: cpu, cpuset, memory, pids, hugetlb, io, rdma, then unified (last, so a
 *     unified value overrides a derived one, as in runc)
 * @param controllers the controllers the writes need, to enable in parents' subtree_control
 * @param dropped the limits left out because their controller is missing (only lenient plans)
 */
public record WritePlan(List<Write> writes, Set<String> controllers, List<DroppedLimit> dropped) {
    /** The controllers in their fixed order. */
    public static final List<Controller> CONTROLLERS = List.of(
            new CpuController(),
            new CpusetController(),
            new MemoryController(),
            new PidsController(),
            new HugetlbController(),
            new IoController(),
            new RdmaController());

    /** Copies. */
    public WritePlan {
        writes = List.copyOf(writes);
        controllers = Set.copyOf(controllers);
        dropped = List.copyOf(dropped);
    }

    /** A plan that drops nothing. */
    public WritePlan(List<Write> writes, Set<String> controllers) {
        this(writes, controllers, List.of());
    }

    /** Computes and checks the plan for a hierarchy: a limit it cannot enforce fails with UNSUPPORTED. */
    public static WritePlan of(Resources resources, Hierarchy hierarchy) {
        return plan(resources, hierarchy, false);
    }

    /**
     * Computes the plan for a hierarchy, leaving out each limit whose controller the hierarchy
     * lacks (listed in {@link #dropped()}, one per file, with the reason). Malformed values still
     * fail with INVALID_ARGUMENT.
     */
    public static WritePlan lenient(Resources resources, Hierarchy hierarchy) {
        return plan(resources, hierarchy, true);
    }

    private static WritePlan plan(Resources resources, Hierarchy hierarchy, boolean lenient) {
        List<Write> writes = new ArrayList<>();
        Set<String> needed = new LinkedHashSet<>();
        List<DroppedLimit> dropped = new ArrayList<>();
        for (Controller c : CONTROLLERS) {
            List<Write> w = c.writes(resources);
            if (!hierarchy.hasController(c.name()) && w.stream().allMatch(Unconstrained::isUnconstrained)) {
                continue; // only defaults were asked for: nothing to enforce, no controller needed
            }
            if (!w.isEmpty() && lenient && !hierarchy.hasController(c.name())) {
                w.stream()
                        .filter(x -> !Unconstrained.isUnconstrained(x))
                        .forEach(x -> dropped.add(
                                new DroppedLimit(c.name(), x.file(), x.value(), hierarchy.unavailable(c.name()))));
            } else if (!w.isEmpty()) {
                hierarchy.requireController(
                        c.name(), c.name() + " limits (" + w.get(0).file() + ")");
                needed.add(c.name());
                writes.addAll(w);
            }
        }
        List<Write> unified = lenient
                ? lenientUnified(resources, hierarchy, dropped)
                : UnifiedValidator.writes(
                        resources.unified(),
                        hierarchy.controllers(),
                        hierarchy.mode().label());
        for (Write w : unified) {
            if (!w.controller().equals("cgroup")) {
                needed.add(w.controller());
            }
        }
        writes.addAll(unified);
        return new WritePlan(writes, needed, dropped);
    }

    private static List<Write> lenientUnified(Resources resources, Hierarchy hierarchy, List<DroppedLimit> dropped) {
        List<Write> out = new ArrayList<>();
        for (var e : resources.unified().entrySet()) {
            try {
                out.addAll(UnifiedValidator.writes(
                        Map.of(e.getKey(), e.getValue()),
                        hierarchy.controllers(),
                        hierarchy.mode().label()));
            } catch (CgroupException ex) {
                if (ex.reason() != CgroupException.Reason.UNSUPPORTED) {
                    throw ex;
                }
                String controller = e.getKey().substring(0, e.getKey().indexOf('.'));
                dropped.add(new DroppedLimit(controller, e.getKey(), e.getValue(), hierarchy.unavailable(controller)));
            }
        }
        return out;
    }
}
