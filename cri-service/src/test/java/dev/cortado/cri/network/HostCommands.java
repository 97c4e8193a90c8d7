package dev.cortado.cri.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs host tools (ip, iptables, busybox) for the tests that check what CNI did to the host. */
final class HostCommands {
    private HostCommands() {}

    /** Exit status and combined output. */
    record Result(int exitCode, String output) {}

    static Result exec(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + List.of(command));
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + List.of(command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + List.of(command), e);
        }
    }

    /** Runs and returns the output; a non-zero exit fails with the output. */
    static String run(String... command) {
        Result result = exec(command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(List.of(command) + " exited " + result.exitCode() + ": " + result.output());
        }
        return result.output();
    }
}
