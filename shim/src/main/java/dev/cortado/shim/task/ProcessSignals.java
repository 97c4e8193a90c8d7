package dev.cortado.shim.task;

import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Sends any signal to host pids through the shell's {@code kill} builtin (this package has no JNA). */
final class ProcessSignals {
    private ProcessSignals() {
    }

    /** Signals each pid; a pid that has exited meanwhile is not an error. */
    static void send(int signal, List<Long> pids) {
        if (pids.isEmpty()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c",
                "s=$1; shift; for p in \"$@\"; do kill -s \"$s\" \"$p\" 2>/dev/null; done; exit 0", "sh",
                Integer.toString(signal)));
        pids.forEach(p -> cmd.add(Long.toString(p)));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw CortadoException.internal("kill -s " + signal + " exited with " + p.exitValue(), null);
            }
        } catch (IOException e) {
            throw CortadoException.internal("kill -s " + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CortadoException.unavailable("kill -s %d interrupted", signal);
        }
    }
}
