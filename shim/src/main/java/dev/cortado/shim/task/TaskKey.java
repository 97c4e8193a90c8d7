package dev.cortado.shim.task;

import dev.cortado.errors.CortadoException;

/** A task's identity: the containerd namespace it was created in and its id. */
public record TaskKey(String namespace, String id) {
    /** Validates both parts: non-empty, no path separators. */
    public TaskKey {
        if (namespace == null || namespace.isEmpty()) {
            throw CortadoException.invalidArgument("namespace required (metadata containerd-namespace)");
        }
        if (id == null || id.isEmpty() || id.contains("/") || id.equals(".") || id.equals("..")) {
            throw CortadoException.invalidArgument("invalid task id %s", id);
        }
    }

    @Override
    public String toString() {
        return namespace + "/" + id;
    }
}
