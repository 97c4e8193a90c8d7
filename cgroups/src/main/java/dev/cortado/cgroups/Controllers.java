package dev.cortado.cgroups;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** Parses the space-separated controller lists of {@code cgroup.controllers} and {@code cgroup.subtree_control}. */
public final class Controllers {
    private Controllers() {}

    /** Returns the controller names in the file's order; empty content gives an empty set. */
    public static Set<String> parse(String content) {
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(content.trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(out::add);
        return Set.copyOf(out);
    }
}
