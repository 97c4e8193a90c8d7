package dev.cortado.cri.network;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Runs one CNI plugin binary: the seam between the CNI protocol and processes, so tests can
 * record invocations. Implementations are safe for concurrent calls.
 */
public interface PluginExecutor {
    /**
     * Runs {@code plugin} with {@code environment} added to the inherited one and {@code stdin} as
     * its input, and returns what it wrote. Throws {@code DEADLINE_EXCEEDED} (after killing it and
     * its children) when it runs longer than {@code timeout}, {@code UNAVAILABLE} when it cannot
     * be started.
     */
    Output execute(Path plugin, Map<String, String> environment, byte[] stdin, Duration timeout);

    /** What a plugin wrote and how it exited. */
    record Output(int exitCode, byte[] stdout, String stderr) {
        public Output {
            stdout = stdout.clone();
        }

        @Override
        public byte[] stdout() {
            return stdout.clone();
        }
    }
}
