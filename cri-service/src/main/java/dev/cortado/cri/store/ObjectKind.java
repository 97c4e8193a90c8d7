package dev.cortado.cri.store;

/** What a stored object is; each kind has its own id space and its own names. */
public enum ObjectKind {
    SANDBOX,
    CONTAINER
}
