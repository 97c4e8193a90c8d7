package dev.cortado.cri.container;

/** A container's state as CRI reports it ({@code ContainerState}). */
public enum ContainerState {
    /** Created: the task exists in its shim, its process waits for StartContainer. */
    CREATED,
    /** Started and not yet seen to exit. */
    RUNNING,
    /** Its process exited (or never could start); exit code and reason are final. */
    EXITED,
    /** cortado lost track of it (e.g. its shim could not be reached after a restart). */
    UNKNOWN
}
