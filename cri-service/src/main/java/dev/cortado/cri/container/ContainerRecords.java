package dev.cortado.cri.container;

import dev.cortado.cri.store.MetadataStore;
import dev.cortado.cri.store.ObjectKind;
import dev.cortado.cri.store.StoreIndex;
import dev.cortado.cri.store.StoredObject;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.util.List;
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

    /** Stores a new container with the name reserved for it. */
    void insert(Container c, String reservedName) {
        store.inTransaction(tx -> {
            tx.put(codec.encode(c, reservedName));
            return null;
        });
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

    void reserveName(String name, String id) {
        store.inTransaction(tx -> {
            tx.reserveName(ObjectKind.CONTAINER, name, id);
            return null;
        });
    }

    void releaseName(String name) {
        store.inTransaction(tx -> {
            tx.releaseName(ObjectKind.CONTAINER, name);
            return null;
        });
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
