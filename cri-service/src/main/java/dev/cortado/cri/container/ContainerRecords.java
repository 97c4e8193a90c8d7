package dev.cortado.cri.container;

import dev.cortado.cri.store.MetadataStore;
import dev.cortado.cri.store.ObjectKind;
import dev.cortado.cri.store.StoreIndex;
import dev.cortado.cri.store.StoredObject;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container records in the metadata store: load, list, save, and id prefixes as crictl passes them.
 * Writes go to the store; reads come from the store's in-memory index of decoded containers, which
 * every commit updates before the write returns, so a reader never waits for a writer and a writer
 * reads its own writes.
 */
final class ContainerRecords {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerRecords.class);

    private final MetadataStore store;
    private final ContainerCodec codec = new ContainerCodec();
    // @GuardedBy("pendingNames"): names reserved by creates in progress, to the container id
    private final Map<String, String> pendingNames = new HashMap<>();
    private final StoreIndex<Container> index;

    ContainerRecords(MetadataStore store) {
        this.store = store;
        this.index = store.index(ObjectKind.CONTAINER, codec::decode);
    }

    Optional<Container> get(String id) {
        return index.get(id);
    }

    /** The container with this id or unique prefix; NOT_FOUND naming it otherwise. */
    Container require(String idOrPrefix) {
        return index.resolve(idOrPrefix);
    }

    /** The containers whose id starts with {@code prefix} (every one for an empty prefix). */
    List<Container> withPrefix(String prefix) {
        return index.withPrefix(prefix);
    }

    /** The full id, or empty when no container has it (an ambiguous or empty prefix still fails). */
    Optional<String> resolve(String idOrPrefix) {
        try {
            return Optional.of(index.resolveId(idOrPrefix));
        } catch (CortadoException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every readable record, as of one commit; a corrupt one is logged and left out. */
    List<Container> list() {
        return index.values();
    }

    /** Every readable record read from the durable store itself (for callers that keep no index). */
    static List<Container> readDurable(MetadataStore store) {
        ContainerCodec codec = new ContainerCodec();
        return store.list(ObjectKind.CONTAINER).stream()
                .map(o -> decodeOrNull(codec, o))
                .filter(Objects::nonNull)
                .toList();
    }

    /** Replaces the stored container (its reserved name is kept); NOT_FOUND when it was removed. */
    Container save(Container c) {
        store.inTransaction(tx -> {
            StoredObject old = tx.get(ObjectKind.CONTAINER, c.id()).orElseThrow(() -> notFound(c.id()));
            tx.put(codec.encode(c, codec.reservedName(old)));
            return null;
        });
        return c;
    }

    /**
     * Stores a new container and its name in one transaction (one commit on CreateContainer's
     * path); the name {@link #reserveName reserved} for it is then held by the store.
     */
    void insert(Container c, String reservedName) {
        try {
            store.inTransaction(tx -> {
                tx.reserveName(ObjectKind.CONTAINER, reservedName, c.id());
                tx.put(codec.encode(c, reservedName));
                return null;
            });
        } finally {
            synchronized (pendingNames) {
                pendingNames.remove(reservedName, c.id());
            }
        }
    }

    /** Deletes the record and releases its name, in one transaction; idempotent. */
    void delete(String id) {
        store.inTransaction(tx -> {
            Optional<StoredObject> old = tx.get(ObjectKind.CONTAINER, id);
            if (old.isPresent()) {
                tx.delete(ObjectKind.CONTAINER, id);
                String name = codec.reservedName(old.get());
                if (name != null
                        && tx.nameHolder(ObjectKind.CONTAINER, name)
                                .filter(id::equals)
                                .isPresent()) {
                    tx.releaseName(ObjectKind.CONTAINER, name);
                }
            }
            return null;
        });
    }

    /**
     * Reserves a name for a container being created: ALREADY_EXISTS when a stored container or
     * another create in progress holds it. Held in memory until {@link #insert} stores it with
     * the record, so a create costs one commit, not two, and one that a crash interrupts leaves
     * no name behind (its container never existed).
     */
    void reserveName(String name, String id) {
        synchronized (pendingNames) {
            String pending = pendingNames.get(name);
            if (pending != null && !pending.equals(id)) {
                throw CortadoException.alreadyExists("container name \"%s\" is reserved for %s", name, pending);
            }
            store.inTransaction(tx -> {
                if (tx.nameHolder(ObjectKind.CONTAINER, name).isPresent()) {
                    tx.reserveName(ObjectKind.CONTAINER, name, id); // ALREADY_EXISTS for another holder
                }
                return null;
            });
            pendingNames.put(name, id);
        }
    }

    /** Lets go of a name {@link #reserveName} reserved (its create failed before {@link #insert}). */
    void releaseName(String name) {
        synchronized (pendingNames) {
            pendingNames.remove(name);
        }
    }

    private static Container decodeOrNull(ContainerCodec codec, StoredObject object) {
        try {
            return codec.decode(object);
        } catch (CortadoException e) {
            LOG.warn("skipping container record: {}", e.getMessage());
            return null;
        }
    }

    static CortadoException notFound(String id) {
        return CortadoException.notFound("container \"%s\" not found", id);
    }
}
