package dev.cortado.cri.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The {@link StoreIndex}es of one store. The store calls {@link #register} and {@link #apply}
 * while it holds its write lock, so an index starts from a state no commit is racing with and
 * then sees every commit, in order.
 */
final class Indexes {
    private final List<StoreIndex<?>> all = new CopyOnWriteArrayList<>();

    /** A new index of {@code kind} loaded from {@code current}, every object of that kind now. */
    <T> StoreIndex<T> register(ObjectKind kind, Function<StoredObject, T> decoder, List<StoredObject> current) {
        StoreIndex<T> index = new StoreIndex<>(kind, decoder);
        index.load(current);
        all.add(index);
        return index;
    }

    /** Applies a committed transaction to every index. */
    void apply(Changes changes) {
        for (StoreIndex<?> index : all) {
            index.apply(changes.of(index.kind()));
        }
    }
}
