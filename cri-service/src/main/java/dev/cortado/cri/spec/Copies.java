package dev.cortado.cri.spec;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Immutable copies for the OCI records, where JSON read back leaves absent collections null. */
final class Copies {
    private Copies() {}

    static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    static String string(String s) {
        return s == null ? "" : s;
    }

    static SortedMap<String, String> sortedMap(Map<String, String> map) {
        return Collections.unmodifiableSortedMap(map == null ? new TreeMap<>() : new TreeMap<>(map));
    }
}
