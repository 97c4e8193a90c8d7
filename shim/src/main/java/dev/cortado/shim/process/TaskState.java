package dev.cortado.shim.process;

import java.util.Optional;

/**
 * What a monitor reports about its container.
 *
 * @param status created (waiting for start), running or exited
 * @param pid the container's pid in the host pid namespace, or 0 once exited
 * @param exit the exit status once exited
 */
public record TaskState(Status status, int pid, Optional<ExitStatus> exit) {

    /** The container lifecycle as the monitor sees it. */
    public enum Status {
        CREATED,
        RUNNING,
        EXITED
    }

    /** Parses a "created PID", "running PID" or "exited CODE NANOS" reply. */
    public static TaskState parse(String line) {
        String[] f = line.trim().split(" ");
        return switch (f[0]) {
            case "created" -> new TaskState(Status.CREATED, Integer.parseInt(f[1]), Optional.empty());
            case "running" -> new TaskState(Status.RUNNING, Integer.parseInt(f[1]), Optional.empty());
            case "exited" -> new TaskState(Status.EXITED, 0, Optional.of(ExitStatus.parse(f[1], f[2])));
            default -> throw new IllegalArgumentException("bad monitor state: " + line);
        };
    }
}
