package dev.cortado.cri.runtime;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovers exits whose events were lost: while cortado or its events endpoint was away a
 * shim's Forward may have failed for good (runc's publisher gives up after 5 tries). After a
 * reconnect the shim's State answers for each process cortado knows; a stopped one is
 * published as {@link TaskEvent.Exited} with {@code recovered} set, so subscribers see every
 * exit at least once. A shim that is gone is cleaned up with {@code <shim> delete}, whose
 * status (255 when the shim knew none) becomes the exit, as containerd's
 * {@code cleanupAfterDeadShim} does.
 */
public final class ExitRecovery {
    /** containerd's exit status for a task whose shim died without telling it anything better. */
    static final int UNKNOWN_EXIT = 255;

    private static final Logger LOG = LoggerFactory.getLogger(ExitRecovery.class);
    private final EventDispatcher<TaskEvent> events;

    public ExitRecovery(EventDispatcher<TaskEvent> events) {
        this.events = events;
    }

    /** A process cortado knows: {@code execId} empty for the init process. */
    public record ProcessRef(String containerId, String execId) {}

    /** Asks a reconnected shim about each process; returns (and publishes) the exits found. */
    public List<TaskEvent.Exited> afterReconnect(TaskClient client, String namespace, List<ProcessRef> processes) {
        List<TaskEvent.Exited> found = new ArrayList<>();
        for (ProcessRef p : processes) {
            ProcessState state;
            try {
                state = client.state(p.containerId(), p.execId());
            } catch (CortadoException e) {
                if (e.kind() == ErrorKind.NOT_FOUND) {
                    continue; // deleted already: its exit was consumed by whoever deleted it
                }
                throw e;
            }
            if (state.status() == ProcessState.Status.STOPPED) {
                TaskEvent.Exited exit = new TaskEvent.Exited(
                        namespace,
                        p.containerId(),
                        p.execId().isEmpty() ? p.containerId() : p.execId(),
                        state.pid(),
                        state.exitStatus(),
                        state.exitedAt(),
                        true);
                events.publish(exit);
                found.add(exit);
            }
        }
        return found;
    }

    /** Cleans up after a shim that cannot be reached; publishes the task's exit and deletion. */
    public TaskEvent.Exited afterDeadShim(ShimLauncher launcher, ShimStartRequest shim) {
        ExitResult r;
        try {
            r = launcher.delete(shim);
        } catch (CortadoException e) {
            // containerd's cleanupAfterDeadShim: a failed delete still reports the task as gone, with 255
            LOG.warn("{} delete of {}/{} failed; reporting exit 255", shim.binary(), shim.namespace(), shim.id(), e);
            r = new ExitResult(0, UNKNOWN_EXIT, Instant.now());
        }
        TaskEvent.Exited exit = new TaskEvent.Exited(
                shim.namespace(), shim.id(), shim.id(), r.pid(), r.exitStatus(), r.exitedAt(), true);
        events.publish(exit);
        events.publish(new TaskEvent.Deleted(shim.namespace(), shim.id(), "", r.pid(), r.exitStatus(), r.exitedAt()));
        return exit;
    }
}
