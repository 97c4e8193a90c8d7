package dev.cortado.cri.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Durable sandboxes, containers and name reservations. Every CRI mutation is one call of
 * {@link #inTransaction}: all of its writes land, or none do.
 */
public interface MetadataStore extends AutoCloseable {
    /**
     * Runs {@code work} in one transaction and commits it when it returns; an exception rolls
     * every write back and propagates. Transactions are serialized.
     */
    <T> T inTransaction(Function<Transaction, T> work);

    /** The object of {@code kind} with this full id. */
    Optional<StoredObject> get(ObjectKind kind, String id);

    /** Every object of {@code kind}. */
    List<StoredObject> list(ObjectKind kind);

    /**
     * The full id of the one object of {@code kind} whose id is or starts with {@code idOrPrefix},
     * as crictl accepts: NOT_FOUND when none does, INVALID_ARGUMENT naming the count when the
     * prefix is ambiguous or empty.
     */
    String resolveId(ObjectKind kind, String idOrPrefix);

    /**
     * A new in-memory index of every object of {@code kind}, each decoded by {@code decoder} once
     * per write, kept current by every commit from now on: the read path of List and Status calls
     * (see {@link StoreIndex}). Every call makes and maintains another index, so build one per kind
     * and share it.
     */
    <T> StoreIndex<T> index(ObjectKind kind, Function<StoredObject, T> decoder);

    /** Closes the store; idempotent. */
    @Override
    void close();

    /** The writes of one transaction. */
    interface Transaction {
        /**
         * Reserves {@code name} (unique per kind) for {@code ownerId}; ALREADY_EXISTS naming the
         * holder when another id holds it; reserving a name again for its holder is a no-op.
         */
        void reserveName(ObjectKind kind, String name, String ownerId);

        /** Releases {@code name}; absent is not an error. */
        void releaseName(ObjectKind kind, String name);

        /** The id holding {@code name}, if any. */
        Optional<String> nameHolder(ObjectKind kind, String name);

        /** Inserts or replaces the object. */
        void put(StoredObject object);

        /** Deletes the object; absent is not an error. Its names are not released. */
        void delete(ObjectKind kind, String id);

        /** Reads inside the transaction (sees its own writes). */
        Optional<StoredObject> get(ObjectKind kind, String id);
    }
}
