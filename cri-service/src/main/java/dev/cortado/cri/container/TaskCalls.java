package dev.cortado.cri.container;

import dev.cortado.cri.runtime.ExitResult;
import dev.cortado.cri.runtime.Tasks;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Task calls whose "already gone" answers are fine: cleanup and idempotent stop/remove. */
final class TaskCalls {
    private static final Logger LOG = LoggerFactory.getLogger(TaskCalls.class);

    private TaskCalls() {}

    /** Deletes the task or exec; empty when it was already gone (NOT_FOUND) or its shim is gone (UNAVAILABLE). */
    static Optional<ExitResult> deleteQuietly(Tasks tasks, String id, String execId) {
        try {
            return Optional.of(tasks.delete(id, execId));
        } catch (CortadoException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return Optional.empty();
            }
            if (e.kind() == ErrorKind.UNAVAILABLE) {
                LOG.warn(
                        "container {}: delete {} found its shim gone: {}",
                        id,
                        execId.isEmpty() ? "task" : execId,
                        e.getMessage());
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Signals the process; false when it is already gone (NOT_FOUND, or FAILED_PRECONDITION: not running). */
    static boolean kill(Tasks tasks, String id, String execId, int signal, boolean all) {
        try {
            tasks.kill(id, execId, signal, all);
            return true;
        } catch (CortadoException e) {
            if (e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.FAILED_PRECONDITION) {
                return false;
            }
            throw e;
        }
    }
}
