package dev.cortado.cri.store;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What one transaction wrote, per kind and id (the last write wins), for the indexes once it commits. */
final class Changes {
    private final Map<ObjectKind, Map<String, Optional<StoredObject>>> byKind = new EnumMap<>(ObjectKind.class);

    void put(StoredObject object) {
        of(object.kind()).put(object.id(), Optional.of(object));
    }

    void delete(ObjectKind kind, String id) {
        of(kind).put(id, Optional.empty());
    }

    /** The objects written (empty where deleted) of {@code kind}. */
    Map<String, Optional<StoredObject>> of(ObjectKind kind) {
        return byKind.computeIfAbsent(kind, k -> new LinkedHashMap<>());
    }
}
