package dev.cortado.cri.streaming;

import java.io.IOException;
import java.util.List;

/**
 * What the streaming server needs from the container runtime; the only way it reaches containers.
 * The {@code check*} hooks run when a URL is asked for (inside the Exec/Attach/PortForward RPC) and
 * throw {@link dev.cortado.errors.CortadoException}: NOT_FOUND for an unknown id,
 * FAILED_PRECONDITION for a container that is not running or a pod that is not ready. The session
 * methods run later, once the client connected, on a worker thread of the server, and may block.
 *
 * <p>Contract for the session methods: write all output before returning (the server ends the
 * streams right after); a write to a stream throws {@link IOException} once the client is gone; and
 * when the session is cancelled (client gone, idle timeout, server closing) every callback given
 * to {@code onCancel} runs, after which the method must return promptly, leaving no process, fd or
 * socket behind.
 */
public interface StreamingRuntime {
    /** Throws NOT_FOUND for an unknown container, FAILED_PRECONDITION unless it is running. */
    void checkContainerRunning(String containerId);

    /** Throws NOT_FOUND for an unknown pod sandbox, FAILED_PRECONDITION unless it is ready. */
    void checkSandboxReady(String sandboxId);

    /**
     * Runs {@code cmd} in the container with the session's streams and returns its exit code
     * (128 + signal for a process killed by a signal, as a shell reports it).
     */
    int exec(String containerId, List<String> cmd, ProcessStreams streams) throws IOException, InterruptedException;

    /**
     * Attaches to the container's stdio until the container exits, the client closes stdin (for a
     * container with {@code stdin_once}) or the session is cancelled.
     */
    void attach(String containerId, ProcessStreams streams) throws IOException, InterruptedException;

    /**
     * Connects to {@code localhost:port} inside the pod's network namespace and copies both ways:
     * EOF on {@code streams.fromClient()} half-closes the connection, EOF from the target ends
     * {@code toClient}; returns when both directions are done. A failure to connect is thrown and
     * reaches the client on the port's error stream.
     */
    void portForward(String sandboxId, int port, PortStreams streams) throws IOException, InterruptedException;
}
