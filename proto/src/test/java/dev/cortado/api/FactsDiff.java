package dev.cortado.api;

import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The difference between the wire facts upstream has and the facts our descriptors produce. */
record FactsDiff(SortedSet<String> missingInOurs, SortedSet<String> extraInOurs) {

    FactsDiff {
        missingInOurs = Collections.unmodifiableSortedSet(new TreeSet<>(missingInOurs));
        extraInOurs = Collections.unmodifiableSortedSet(new TreeSet<>(extraInOurs));
    }

    static FactsDiff between(Set<String> upstream, Set<String> ours) {
        SortedSet<String> missing = new TreeSet<>(upstream);
        missing.removeAll(ours);
        SortedSet<String> extra = new TreeSet<>(ours);
        extra.removeAll(upstream);
        return new FactsDiff(missing, extra);
    }

    boolean isEmpty() {
        return missingInOurs.isEmpty() && extraInOurs.isEmpty();
    }

    /** One line per differing fact, prefixed "missing in ours: " or "extra in ours: ". */
    String describe() {
        return missingInOurs.stream().map(f -> "missing in ours: " + f + "\n").collect(Collectors.joining())
                + extraInOurs.stream().map(f -> "extra in ours: " + f + "\n").collect(Collectors.joining());
    }
}
