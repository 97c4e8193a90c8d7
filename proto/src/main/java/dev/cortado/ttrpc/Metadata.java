package dev.cortado.ttrpc;

import dev.cortado.api.ttrpc.KeyValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Request metadata: keys with one or more values, in the order they were sent.
 *
 * <p>On the wire it is the {@code repeated KeyValue metadata} of {@code ttrpc.Request}; a key
 * that repeats is a multi-valued key (ttrpc metadata.go {@code fromRequest}). containerd puts the
 * namespace under {@code containerd-namespace-ttrpc}.
 */
public final class Metadata {
    private static final Metadata EMPTY = new Metadata(Map.of());

    private final Map<String, List<String>> values;

    private Metadata(Map<String, List<String>> values) {
        this.values = values;
    }

    public static Metadata empty() {
        return EMPTY;
    }

    /** Metadata with one value per key. */
    public static Metadata of(Map<String, String> single) {
        Builder builder = builder();
        single.forEach(builder::add);
        return builder.build();
    }

    /** The metadata carried by a request's key-value list. */
    public static Metadata fromWire(List<KeyValue> pairs) {
        Builder builder = builder();
        pairs.forEach(kv -> builder.add(kv.getKey(), kv.getValue()));
        return builder.build();
    }

    /** The key-value list to put in a request: one entry per value, keys repeated. */
    public List<KeyValue> toWire() {
        List<KeyValue> pairs = new ArrayList<>();
        values.forEach((key, list) -> list.forEach(
                v -> pairs.add(KeyValue.newBuilder().setKey(key).setValue(v).build())));
        return pairs;
    }

    /** The first value of {@code key}. */
    public Optional<String> get(String key) {
        List<String> list = values.get(key);
        return list == null ? Optional.empty() : Optional.of(list.get(0));
    }

    /** Every value of {@code key}, in order; empty if absent. */
    public List<String> getAll(String key) {
        return values.getOrDefault(key, List.of());
    }

    public Map<String, List<String>> asMap() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Metadata m && m.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** Collects values; a key added twice becomes multi-valued. */
    public static final class Builder {
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        public Builder add(String key, String value) {
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            return this;
        }

        public Metadata build() {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return copy.isEmpty() ? EMPTY : new Metadata(Collections.unmodifiableMap(copy));
        }
    }
}
