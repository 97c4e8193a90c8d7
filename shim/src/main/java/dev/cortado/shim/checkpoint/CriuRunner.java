package dev.cortado.shim.checkpoint;

import java.util.List;

/** Runs the {@code criu} binary with arguments and returns its exit status and output (the port tests fake). */
@FunctionalInterface
public interface CriuRunner {
    /** Status 127 with a message when criu cannot be run at all (not installed). */
    Result run(List<String> args);

    /** criu's exit status and what it printed (stdout and stderr together). */
    record Result(int code, String output) {
        public Result {
            output = output == null ? "" : output;
        }

        public boolean ok() {
            return code == 0;
        }
    }
}
