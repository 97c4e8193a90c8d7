package dev.cortado.cri.container;

import dev.cortado.cri.streaming.ProcessStreams;
import dev.cortado.errors.CortadoException;

/**
 * Attach sessions for the streaming server (the Attach RPC), as containerd's CRI
 * {@code attachContainer}: the client joins the running container's own stdio, which cortado
 * already reads for the log ({@link AttachSession}). Works alike for every runtime handler, since
 * both get the same fifos.
 */
public final class StreamingAttaches {
    private final Containers containers;
    private final ContainerParts parts;
    private final LogCopiers copiers;

    public StreamingAttaches(ContainerService service, ContainerParts parts) {
        this.containers = service;
        this.parts = parts;
        this.copiers = service.copiers();
    }

    /** NOT_FOUND for an unknown container (ids may be prefixes), FAILED_PRECONDITION unless RUNNING. */
    public Container requireRunning(String containerId) {
        Container c = containers.status(containerId);
        if (c.state() != ContainerState.RUNNING) {
            throw CortadoException.failedPrecondition("container %s is %s, not RUNNING", c.id(), c.state());
        }
        return c;
    }

    /**
     * Attaches until the container's output ends (it exited), the client detaches (its stdin ended
     * and the container is not {@code stdin_once}), the client is gone or the session is cancelled.
     */
    public void attach(String containerId, ProcessStreams streams) throws InterruptedException {
        Container c = requireRunning(containerId);
        new AttachSession(parts.tasks(), copiers, c).run(streams);
    }
}
