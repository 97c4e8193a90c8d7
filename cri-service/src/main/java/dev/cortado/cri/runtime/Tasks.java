package dev.cortado.cri.runtime;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The tasks of every container, across the shims of every runtime handler, as the container
 * service needs them; containerd's {@code runtime/v2} task manager in our words. Implementations
 * start a handler's shim on first use ({@code <shim> start}; a shim that groups tasks, as runc's
 * does by the {@code io.kubernetes.cri.sandbox-id} annotation, answers with the address it
 * already serves), keep one connection per shim address, record the bootstrap reply in the
 * bundle so {@link #recover} finds it after a restart, and feed every shim's events (received
 * at cortado's {@code TTRPC_ADDRESS}) to subscribers in order. Errors keep the shim's kinds:
 * NOT_FOUND for an unknown task or exec, FAILED_PRECONDITION for a wrong state, UNAVAILABLE for a
 * shim that is gone. {@code execId} is empty for a container's init process.
 *
 * <p>A bundle is named after its container ({@code <dir>/<containerId>}): runc's shim finds the
 * bundle of {@code <shim> delete} so, as containerd lays them out. When a shim dies while
 * cortado runs, its containers' exits are published once (the status of {@code <shim> delete},
 * 255 when it knew none) and they stay known as gone: {@link #state} answers STOPPED with that
 * exit, {@link #waitExit} completes with it, {@link #delete} returns it, {@link #kill} is
 * NOT_FOUND (the process already finished), start and exec are FAILED_PRECONDITION. A second
 * {@link #create} (or {@link #recover}) of a known id is ALREADY_EXISTS.
 */
public interface Tasks extends AutoCloseable {
    /**
     * Starts (or reuses) the handler's shim for this container and creates its task from the
     * bundle ({@code config.json} written; rootfs mounted unless {@code task.rootfs()} lists
     * mounts). Returns the init process's pid. A failed create leaves no shim or task behind.
     */
    int create(String handler, CreateTask task);

    /** Starts the init process ({@code execId} empty) or an exec; returns its pid. */
    int start(String containerId, String execId);

    /** Adds an exec process (not started yet). */
    void exec(String containerId, ExecProcess exec);

    void kill(String containerId, String execId, int signal, boolean all);

    /** Sets the size of a process's terminal (Task API ResizePty), in cells. */
    void resizePty(String containerId, String execId, int width, int height);

    /** Closes a process's stdin once its fifo has given all it will (Task API CloseIO with stdin). */
    void closeStdin(String containerId, String execId);

    ProcessState state(String containerId, String execId);

    /** Completes when the process exits. */
    CompletableFuture<ExitResult> waitExit(String containerId, String execId);

    /**
     * Deletes the task or exec; for the init process also asks its shim to shut down when it
     * serves no other task, and forgets the shim. NOT_FOUND when there is no such task.
     */
    ExitResult delete(String containerId, String execId);

    /**
     * After cortado restarted: reconnects to the shim recorded in {@code bundle} and returns the
     * init process's state; a shim that is gone is cleaned up with {@code <shim> delete}, whose
     * exit (255 when it knew none) is returned as a STOPPED state. Exits that happened while
     * cortado was away are also published to subscribers as recovered {@link TaskEvent.Exited}.
     */
    ProcessState recover(String handler, String containerId, Path bundle);

    /**
     * Sets a live task's resources ({@code linuxResourcesJson}: an OCI {@code LinuxResources}
     * object); the shim applies them to the task's cgroup. FAILED_PRECONDITION when the task has
     * finished.
     */
    void update(String containerId, String linuxResourcesJson);

    /**
     * Checkpoints a running task with CRIU through its shim's Task API Checkpoint (containerd's
     * runc options: images into {@code images}, criu's {@code dump.log} and {@code stats-dump}
     * into {@code work}), leaving it running unless {@code exit}. FAILED_PRECONDITION when the
     * task has finished or its shim cannot (no working criu).
     */
    default void checkpoint(String containerId, Path images, Path work, boolean exit, java.time.Duration timeout) {
        throw dev.cortado.errors.CortadoException.unimplemented(
                "checkpoint of task %s is not supported here", containerId);
    }

    /** Subscribes to every shim's task events, delivered in order on one thread. */
    AutoCloseable subscribe(Consumer<TaskEvent> subscriber);

    /** Closes connections and the events endpoint; shims and their tasks keep running. */
    @Override
    void close();
}
