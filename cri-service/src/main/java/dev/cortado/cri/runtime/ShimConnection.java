package dev.cortado.cri.runtime;

import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shim address as {@link ShimTasks} uses it: the client to its Task API, the reader of its
 * log fifo (in the bundle of the task that started it; none for a shim found again), and the
 * containers it serves. A shim groups tasks (runc's by sandbox id, cortado's for the whole
 * node), so several containers share one connection; it is closed when the last one leaves,
 * unless it is {@link #keepWarm kept warm}. The mutable fields are guarded by the owning
 * {@link ShimTasks}' lock.
 */
final class ShimConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ShimConnection.class);
    final BootstrapReply reply;
    final TaskClient client;
    /**
     * Kept open with no container left (a shim serving the whole node, see
     * {@link RuntimeHandlers.Handler#keepsShimWarm}): the shim server stays up while a client is
     * connected, so the next container's Create never waits for a new shim to start.
     */
    final boolean keepWarm;
    // @GuardedBy("ShimTasks.lock")
    ShimLog log;
    // @GuardedBy("ShimTasks.lock"): containers created (or being created) through this shim
    final Set<String> users = new HashSet<>();
    // @GuardedBy("ShimTasks.lock"): set once, when cortado lets go of the shim or it died
    boolean closed;

    ShimConnection(BootstrapReply reply, TaskClient client, ShimLog log, boolean keepWarm) {
        this.reply = reply;
        this.client = client;
        this.log = log;
        this.keepWarm = keepWarm;
    }

    /** Closes the client; the log fifo is removed when the shim is done ({@code removeLog}), else kept. */
    void close(ShimLog logToClose, boolean removeLog) {
        try {
            client.close();
        } catch (RuntimeException e) {
            LOG.debug("closing {}", client, e);
        }
        if (logToClose != null) {
            if (removeLog) {
                logToClose.close();
            } else {
                logToClose.detach();
            }
        }
    }

    @Override
    public String toString() {
        return "shim at " + reply.socket();
    }
}
