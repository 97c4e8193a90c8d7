package dev.cortado.cri.streaming;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * One forwarded connection as the runtime sees it: bytes from the client (EOF when the client
 * half-closes), bytes to the client (closing it half-closes the client's side) and the session's
 * {@link Cancellation}.
 */
public final class PortStreams {
    private final InputStream fromClient;
    private final OutputStream toClient;
    private final Cancellation cancellation;

    PortStreams(InputStream fromClient, OutputStream toClient, Cancellation cancellation) {
        this.fromClient = fromClient;
        this.toClient = toClient;
        this.cancellation = cancellation;
    }

    public InputStream fromClient() {
        return fromClient;
    }

    public OutputStream toClient() {
        return toClient;
    }

    /** Registers a cancel callback (see {@link StreamingRuntime}). */
    public void onCancel(Runnable callback) {
        cancellation.onCancel(callback);
    }
}
