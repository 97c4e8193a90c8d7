package dev.cortado.cri.store;

import dev.cortado.errors.CortadoException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every object of one kind, decoded once per write and kept in memory: the read path of the List
 * and Status calls. The store stays the durable truth and keeps this index write-through: each
 * committed transaction's changes are applied while the store still serializes writers, so
 * snapshots follow commit order, and replace the whole snapshot at once. Readers take the current
 * snapshot without a lock: they never wait for a SQLite write or an fsync, and never see part of a
 * transaction (a half-created object, or a pod removed without its containers).
 *
 * <p>A record the decoder refuses (a corrupt payload) is logged and left out, as listing the
 * store skipped it before.
 */
public final class StoreIndex<T> {
    private static final Logger LOG = LoggerFactory.getLogger(StoreIndex.class);

    private final ObjectKind kind;
    private final Function<StoredObject, T> decoder;
    /** Unmodifiable; replaced whole by {@link #apply}, which the store calls under its write lock. */
    private volatile NavigableMap<String, T> snapshot = Collections.emptyNavigableMap();

    StoreIndex(ObjectKind kind, Function<StoredObject, T> decoder) {
        this.kind = kind;
        this.decoder = decoder;
    }

    ObjectKind kind() {
        return kind;
    }

    /** The object with this full id. */
    public Optional<T> get(String id) {
        return Optional.ofNullable(snapshot.get(id));
    }

    /** Every object, in id order, as of one commit. */
    public List<T> values() {
        return List.copyOf(snapshot.values());
    }

    /** The objects whose id starts with {@code prefix} (all for an empty one), in id order, as of one commit. */
    public List<T> withPrefix(String prefix) {
        return List.copyOf(byPrefix(snapshot, prefix).values());
    }

    /**
     * The one object whose id is or starts with {@code idOrPrefix}, read from one snapshot; the
     * errors of {@link MetadataStore#resolveId}.
     */
    public T resolve(String idOrPrefix) {
        NavigableMap<String, T> now = snapshot;
        return now.get(resolveIn(now, idOrPrefix));
    }

    /** As {@link MetadataStore#resolveId}: NOT_FOUND, or INVALID_ARGUMENT for an ambiguous or empty prefix. */
    public String resolveId(String idOrPrefix) {
        return resolveIn(snapshot, idOrPrefix);
    }

    public int size() {
        return snapshot.size();
    }

    private String resolveIn(NavigableMap<String, T> now, String idOrPrefix) {
        List<String> candidates = new ArrayList<>(2);
        if (idOrPrefix != null && !idOrPrefix.isEmpty()) {
            if (now.containsKey(idOrPrefix)) {
                return idOrPrefix;
            }
            for (String id : byPrefix(now, idOrPrefix).keySet()) {
                candidates.add(id);
                if (candidates.size() == 2) {
                    break;
                }
            }
        }
        return IdPrefixes.resolve(kind, idOrPrefix, candidates);
    }

    private static <V> NavigableMap<String, V> byPrefix(NavigableMap<String, V> map, String prefix) {
        // ids are lower-case hex, so every id with the prefix sorts below prefix + U+FFFF
        return prefix.isEmpty() ? map : map.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
    }

    /** Replaces the snapshot with every object of the kind (at registration, under the store's lock). */
    void load(List<StoredObject> objects) {
        TreeMap<String, T> next = new TreeMap<>();
        for (StoredObject o : objects) {
            decode(o).ifPresent(v -> next.put(o.id(), v));
        }
        snapshot = Collections.unmodifiableNavigableMap(next);
    }

    /** Applies one committed transaction's changes of this kind: an object, or empty where it was deleted. */
    void apply(Map<String, Optional<StoredObject>> changes) {
        if (changes.isEmpty()) {
            return;
        }
        TreeMap<String, T> next = new TreeMap<>(snapshot);
        changes.forEach((id, object) -> {
            Optional<T> value = object.flatMap(this::decode);
            if (value.isPresent()) {
                next.put(id, value.get());
            } else {
                next.remove(id);
            }
        });
        snapshot = Collections.unmodifiableNavigableMap(next);
    }

    private Optional<T> decode(StoredObject object) {
        try {
            return Optional.of(decoder.apply(object));
        } catch (CortadoException e) {
            LOG.warn("{} {} left out of the in-memory index: {}", StoreErrors.what(kind), object.id(), e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            // a decoder bug: the commit already happened, so log it whole rather than fail the writer
            LOG.warn("{} {} left out of the in-memory index", StoreErrors.what(kind), object.id(), e);
            return Optional.empty();
        }
    }
}
