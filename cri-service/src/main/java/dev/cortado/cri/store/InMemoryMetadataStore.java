package dev.cortado.cri.store;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A {@link MetadataStore} in memory, for tests of the domain packages: same semantics as the
 * durable store (serialized transactions, rollback on exception, prefix lookups), nothing kept.
 */
public final class InMemoryMetadataStore implements MetadataStore {
    private final Object lock = new Object();

    @GuardedBy("lock")
    private State state = new State();

    private final Indexes indexes = new Indexes();

    @Override
    public <T> T inTransaction(Function<Transaction, T> work) {
        synchronized (lock) {
            State draft = state.copy();
            Changes changes = new Changes();
            T result = work.apply(new Tx(draft, changes));
            draft.checkContainersHaveSandboxes();
            state = draft;
            indexes.apply(changes);
            return result;
        }
    }

    @Override
    public <T> StoreIndex<T> index(ObjectKind kind, Function<StoredObject, T> decoder) {
        synchronized (lock) {
            return indexes.register(
                    kind, decoder, List.copyOf(state.objects.get(kind).values()));
        }
    }

    @Override
    public Optional<StoredObject> get(ObjectKind kind, String id) {
        synchronized (lock) {
            return Optional.ofNullable(state.objects.get(kind).get(id));
        }
    }

    @Override
    public List<StoredObject> list(ObjectKind kind) {
        synchronized (lock) {
            return List.copyOf(state.objects.get(kind).values());
        }
    }

    @Override
    public String resolveId(ObjectKind kind, String idOrPrefix) {
        List<String> ids;
        synchronized (lock) {
            ids = new ArrayList<>(state.objects.get(kind).keySet());
        }
        return IdPrefixes.resolve(kind, idOrPrefix, ids);
    }

    @Override
    public void close() {}

    private static final class State {
        final Map<ObjectKind, TreeMap<String, StoredObject>> objects = new EnumMap<>(ObjectKind.class);
        final Map<ObjectKind, HashMap<String, String>> names = new EnumMap<>(ObjectKind.class);

        State() {
            for (ObjectKind kind : ObjectKind.values()) {
                objects.put(kind, new TreeMap<>());
                names.put(kind, new HashMap<>());
            }
        }

        void checkContainersHaveSandboxes() {
            objects.get(ObjectKind.CONTAINER)
                    .values()
                    .forEach(container -> container
                            .sandboxId()
                            .filter(sandboxId ->
                                    !objects.get(ObjectKind.SANDBOX).containsKey(sandboxId))
                            .ifPresent(sandboxId -> {
                                throw StoreErrors.orphan(container.id(), sandboxId);
                            }));
        }

        State copy() {
            State copy = new State();
            objects.forEach((kind, map) -> copy.objects.get(kind).putAll(map));
            names.forEach((kind, map) -> copy.names.get(kind).putAll(map));
            return copy;
        }
    }

    private record Tx(State state, Changes changes) implements Transaction {
        @Override
        public void reserveName(ObjectKind kind, String name, String ownerId) {
            String holder = state.names.get(kind).putIfAbsent(name, ownerId);
            if (holder != null && !holder.equals(ownerId)) {
                throw StoreErrors.nameTaken(kind, name, holder);
            }
        }

        @Override
        public void releaseName(ObjectKind kind, String name) {
            state.names.get(kind).remove(name);
        }

        @Override
        public Optional<String> nameHolder(ObjectKind kind, String name) {
            return Optional.ofNullable(state.names.get(kind).get(name));
        }

        @Override
        public void put(StoredObject object) {
            StoreErrors.requireNoSandboxOnSandbox(object);
            state.objects.get(object.kind()).put(object.id(), object);
            changes.put(object);
        }

        @Override
        public void delete(ObjectKind kind, String id) {
            state.objects.get(kind).remove(id);
            changes.delete(kind, id);
        }

        @Override
        public Optional<StoredObject> get(ObjectKind kind, String id) {
            return Optional.ofNullable(state.objects.get(kind).get(id));
        }
    }
}
