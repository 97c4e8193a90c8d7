package dev.cortado.cri.store;

import dev.cortado.errors.CortadoException;

/** The errors both store implementations throw, worded once so that they say the same thing. */
final class StoreErrors {
    private StoreErrors() {}

    static String what(ObjectKind kind) {
        return kind.name().toLowerCase();
    }

    static CortadoException nameTaken(ObjectKind kind, String name, String holder) {
        return CortadoException.alreadyExists("%s name \"%s\" is reserved for %s", what(kind), name, holder);
    }

    static CortadoException orphan(String containerId, String sandboxId) {
        return CortadoException.failedPrecondition(
                "container %s belongs to sandbox %s, which does not exist: "
                        + "remove the pod's containers before the pod",
                containerId, sandboxId);
    }

    /** A sandbox belongs to no other sandbox; storing one that says so would lose that id. */
    static void requireNoSandboxOnSandbox(StoredObject object) {
        if (object.kind() == ObjectKind.SANDBOX && object.sandboxId().isPresent()) {
            throw new IllegalArgumentException("sandbox " + object.id() + " cannot belong to sandbox "
                    + object.sandboxId().get());
        }
    }
}
