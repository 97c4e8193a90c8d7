package dev.cortado.cri.runtime;

import java.util.List;

/**
 * {@link Tasks} served in cortado's own JVM (the in-process handler, {@code cri.runtime.inprocess}):
 * no shim, so nothing to start, connect or find dead; {@link HandlerTasks} routes to it the
 * containers it holds.
 */
public interface LocalTasks extends Tasks {
    /** Whether a task of this container is held here (created, or re-adopted after a restart). */
    boolean holds(String containerId);

    /**
     * Re-adopts the tasks an earlier cortado left (DESIGN "Nothing lost"); their exits that were
     * not delivered are published, so call it once subscribers are in place. Returns how many.
     */
    int readopt();

    /** Per handler, the tasks held; no shim counts, as there is none. */
    List<ShimCounts> counts();
}
