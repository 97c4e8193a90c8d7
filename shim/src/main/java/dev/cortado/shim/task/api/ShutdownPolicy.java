package dev.cortado.shim.task.api;

/**
 * What Shutdown does: this server is shared by every task on the node, so it ends only when
 * no task is left (containerd sends Shutdown after deleting each of its tasks).
 */
@FunctionalInterface
public interface ShutdownPolicy {

    /** Called for every Shutdown request; ends the server later if it is idle. */
    void requested();
}
