package dev.cortado.cri.runtime.inprocess;

import dev.cortado.cri.runtime.EventDispatcher;
import dev.cortado.cri.runtime.TaskEvent;
import dev.cortado.shim.events.EventSink;

/**
 * The task service's events in cortado's words, queued on cortado's dispatcher in the order the
 * service published them: what a shim would have forwarded to cortado's {@code TTRPC_ADDRESS}. An
 * event counts as delivered once queued (the shim then records a published exit); a restarted
 * cortado asks State for every container anyway, so an exit queued but not handled before a crash
 * is still found.
 */
final class HostEvents implements EventSink {
    private final EventDispatcher<TaskEvent> dispatcher;

    HostEvents(EventDispatcher<TaskEvent> dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void publish(String namespace, dev.cortado.shim.events.TaskEvent event) {
        dispatcher.publish(ours(namespace, event));
    }

    /** One event in our records (Java 17: no pattern switch, so a chain over the sealed type). */
    static TaskEvent ours(String ns, dev.cortado.shim.events.TaskEvent event) {
        if (event instanceof dev.cortado.shim.events.TaskEvent.Created e) {
            return new TaskEvent.Created(ns, e.containerId(), e.pid(), e.bundle());
        } else if (event instanceof dev.cortado.shim.events.TaskEvent.Started e) {
            return new TaskEvent.Started(ns, e.containerId(), e.pid());
        } else if (event instanceof dev.cortado.shim.events.TaskEvent.Exited e) {
            return new TaskEvent.Exited(ns, e.containerId(), e.id(), e.pid(), e.exitStatus(), e.exitedAt(), false);
        } else if (event instanceof dev.cortado.shim.events.TaskEvent.Deleted e) {
            return new TaskEvent.Deleted(ns, e.containerId(), e.id(), e.pid(), e.exitStatus(), e.exitedAt());
        } else if (event instanceof dev.cortado.shim.events.TaskEvent.ExecAdded e) {
            return new TaskEvent.ExecAdded(ns, e.containerId(), e.execId());
        } else if (event instanceof dev.cortado.shim.events.TaskEvent.ExecStarted e) {
            return new TaskEvent.ExecStarted(ns, e.containerId(), e.execId(), e.pid());
        } else if (event instanceof dev.cortado.shim.events.TaskEvent.Paused e) {
            return new TaskEvent.Paused(ns, e.containerId());
        } else if (event instanceof dev.cortado.shim.events.TaskEvent.Resumed e) {
            return new TaskEvent.Resumed(ns, e.containerId());
        } else if (event instanceof dev.cortado.shim.events.TaskEvent.Oom e) {
            return new TaskEvent.Oom(ns, e.containerId());
        }
        throw new IllegalArgumentException("unknown task event " + event);
    }
}
