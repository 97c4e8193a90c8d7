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
