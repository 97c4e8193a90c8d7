package dev.cortado.cri.store;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One sandbox or container as persisted: its id, the sandbox it belongs to (a container's pod;
 * empty for a sandbox) and the domain package's own encoding of it.
 *
 * @param id the full 64-hex id
 * @param sandboxId the owning pod's id for a container, empty for a sandbox
 * @param payload the owner's encoding (JSON in practice); the store never reads it
 */
public record StoredObject(ObjectKind kind, String id, Optional<String> sandboxId, byte[] payload) {
    public StoredObject {
        Objects.requireNonNull(kind, "kind");
        Ids.requireFullId(id);
        Objects.requireNonNull(sandboxId, "sandboxId");
        payload = payload.clone();
    }

    /** The payload, copied: records stay immutable. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredObject other
                && kind == other.kind
                && id.equals(other.id)
                && sandboxId.equals(other.sandboxId)
                && Arrays.equals(payload, other.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, id, sandboxId, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "StoredObject[" + kind + " " + id + ", " + payload.length + " bytes]";
    }
}
