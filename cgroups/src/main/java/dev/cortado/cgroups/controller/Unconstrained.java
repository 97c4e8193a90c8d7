package dev.cortado.cgroups.controller;

import java.util.Map;
import java.util.Set;

/**
 * Values that constrain nothing: a new cgroup already behaves this way, so asking for them is
 * not a limit, and a hierarchy without the controller can honour them by doing nothing.
 *
 * <p>Why this exists: clients fill resources with defaults (containerd's {@code ctr} and
 * kubelet send CPU shares 1024, the cgroup v1 default, which runc's conversion turns into
 * {@code cpu.weight} 39). On a hybrid host the v2 hierarchy has no cpu controller; refusing such a
 * container would be wrong, while a real limit there must still fail loudly.
 */
final class Unconstrained {
    private static final Map<String, Set<String>> VALUES = Map.ofEntries(
            // 100 is the v2 default weight; 39 is runc's conversion of the v1 default of 1024 shares
            Map.entry("cpu.weight", Set.of("100", "39")),
            Map.entry("cpu.max", Set.of("max", "max 100000")),
            Map.entry("cpu.idle", Set.of("0")),
            Map.entry("cpuset.cpus", Set.of("")),
            Map.entry("cpuset.mems", Set.of("")),
            Map.entry("memory.max", Set.of("max")),
            Map.entry("memory.high", Set.of("max")),
            Map.entry("memory.swap.max", Set.of("max")),
            Map.entry("memory.low", Set.of("0")),
            Map.entry("memory.min", Set.of("0")),
            Map.entry("pids.max", Set.of("max")),
            Map.entry("io.weight", Set.of("100", "default 100")));

    private Unconstrained() {}

    /** Whether writing {@code write} to a fresh cgroup would change nothing. */
    static boolean isUnconstrained(Write write) {
        return VALUES.getOrDefault(write.file(), Set.of())
                .contains(write.value().trim());
    }
}
