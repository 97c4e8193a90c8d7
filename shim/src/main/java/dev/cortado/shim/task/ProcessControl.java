package dev.cortado.shim.task;

import dev.cortado.cgroups.controller.DroppedLimit;
import dev.cortado.shim.process.ContainerIo;
import dev.cortado.shim.process.ExitStatus;
import dev.cortado.shim.process.TaskState;

/** One running or created process as the task service drives it (a cortado-init monitor in production). */
public interface ProcessControl {

    /** The monitor's view: status, pid, exit. */
    TaskState state();

    /** Lets the created process exec. */
    void start();

    /** Sends a signal. */
    void kill(int signal);

    /** Blocks until the process has exited. */
    ExitStatus waitForExit();

    /**
     * Completes when the process has exited (or fails as {@link #waitForExit} would). The monitor
     * answers on the server's event loop; this default waits on a thread of its own.
     */
    default java.util.concurrent.CompletableFuture<ExitStatus> exitAsync() {
        java.util.concurrent.CompletableFuture<ExitStatus> f = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        f.complete(waitForExit());
                    } catch (RuntimeException e) {
                        f.completeExceptionally(e);
                    }
                },
                "exit-wait");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** This JVM's copies of the process's stdio pipes. */
    ContainerIo stdio();

    /** Makes the monitor close its stdin end. */
    void closeStdin();

    /** Sets the pty window size. */
    void resize(int rows, int cols);

    /** Ends the monitor of an exited process. */
    void delete();

    /** The limits its create left out because the host cannot enforce them (none for an exec). */
    default java.util.List<DroppedLimit> droppedLimits() {
        return java.util.List.of();
    }
}
