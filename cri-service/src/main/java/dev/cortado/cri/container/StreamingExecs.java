package dev.cortado.cri.container;

import dev.cortado.cri.logs.Fifos;
import dev.cortado.cri.streaming.ProcessStreams;
import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.util.List;

/**
 * Interactive execs for the streaming server (Exec RPC sessions; ExecSync is {@link Containers}'s):
 * the check made when the URL is handed out and the session run once the client connected
 * ({@link ExecSession}). Output fifos are read through {@link Fifos}, which never blocks on open.
 */
public final class StreamingExecs {
    private final Containers containers;
    private final ContainerParts parts;
    private final ContainerDirs dirs;
    private final Fifos fifos;

    public StreamingExecs(Containers containers, ContainerParts parts, Fifos fifos) {
        this.containers = containers;
        this.parts = parts;
        this.dirs = new ContainerDirs(parts.root(), parts.state());
        this.fifos = fifos;
    }

    /** NOT_FOUND for an unknown container (ids may be prefixes), FAILED_PRECONDITION unless RUNNING. */
    public Container requireRunning(String containerId) {
        Container c = containers.status(containerId);
        if (c.state() != ContainerState.RUNNING) {
            throw CortadoException.failedPrecondition("container %s is %s, not RUNNING", c.id(), c.state());
        }
        return c;
    }

    /** Runs {@code command} with the session's streams; the exit code (128 + signal when killed). */
    public int exec(String containerId, List<String> command, ProcessStreams streams)
            throws IOException, InterruptedException {
        Container c = requireRunning(containerId);
        return new ExecSession(parts, dirs, fifos, c).run(command, streams);
    }
}
