package dev.cortado.cri.streaming.runtime;

import dev.cortado.cri.container.StreamingAttaches;
import dev.cortado.cri.container.StreamingExecs;
import dev.cortado.cri.sandbox.Sandbox;
import dev.cortado.cri.sandbox.SandboxService;
import dev.cortado.cri.streaming.PortStreams;
import dev.cortado.cri.streaming.ProcessStreams;
import dev.cortado.cri.streaming.StreamingRuntime;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * The streaming server's way to Cortado's containers and pods: execs through
 * {@link StreamingExecs}, attaches through {@link StreamingAttaches} (the container's own stdio,
 * fanned out from the log copy), port forwards through {@link PodDialer}.
 */
public final class ContainerStreamingRuntime implements StreamingRuntime {
    private final StreamingExecs execs;
    private final StreamingAttaches attaches;
    private final SandboxService sandboxes;
    private final PodDialer dialer;

    public ContainerStreamingRuntime(
            StreamingExecs execs, StreamingAttaches attaches, SandboxService sandboxes, PodDialer dialer) {
        this.execs = execs;
        this.attaches = attaches;
        this.sandboxes = sandboxes;
        this.dialer = dialer;
    }

    @Override
    public void checkContainerRunning(String containerId) {
        execs.requireRunning(containerId);
    }

    @Override
    public void checkSandboxReady(String sandboxId) {
        readySandbox(sandboxId);
    }

    @Override
    public int exec(String containerId, List<String> cmd, ProcessStreams streams)
            throws IOException, InterruptedException {
        return execs.exec(containerId, cmd, streams);
    }

    @Override
    public void attach(String containerId, ProcessStreams streams) throws InterruptedException {
        attaches.attach(containerId, streams);
    }

    @Override
    public void portForward(String sandboxId, int port, PortStreams streams) throws IOException, InterruptedException {
        Sandbox s = readySandbox(sandboxId);
        SocketChannel socket;
        try {
            socket = dialer.dial(s.namespaces().net(), port);
        } catch (IOException e) {
            throw new IOException(
                    "failed to connect to localhost:" + port + " inside pod sandbox " + s.id() + ": " + e.getMessage(),
                    e);
        }
        try (socket) {
            streams.onCancel(() -> PortCopy.closeQuietly(socket));
            PortCopy.run(
                    socket,
                    streams.fromClient(),
                    streams.toClient(),
                    "portforward-" + s.id().substring(0, Math.min(12, s.id().length())) + "-" + port);
        }
    }

    private Sandbox readySandbox(String sandboxId) {
        Sandbox s = sandboxes.status(sandboxId);
        s.state().requireReady(s.id(), "forward a port");
        return s;
    }
}
