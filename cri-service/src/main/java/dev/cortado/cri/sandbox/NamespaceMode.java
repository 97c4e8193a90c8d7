package dev.cortado.cri.sandbox;

/** CRI's {@code NamespaceMode}: whose namespace a pod or container uses. */
public enum NamespaceMode {
    /** One namespace for the whole pod. */
    POD,
    /** A namespace per container (only meaningful for pid). */
    CONTAINER,
    /** The host's namespace. */
    NODE,
    /** The namespace of another container, named by {@code target_id}. */
    TARGET
}
