package dev.cortado.cri.streaming;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The client's side of an exec or attach session, as the runtime sees it: blocking streams (a
 * write blocks while the client is slow, so nothing piles up in memory), resize events for a TTY
 * and the session's {@link Cancellation}. Present streams are exactly those the request asked for.
 */
public final class ProcessStreams {
    private final StreamOptions options;
    private final InputStream stdin;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final Cancellation cancellation;
    private final ResizeEvents resizes;

    ProcessStreams(
            StreamOptions options,
            InputStream stdin,
            OutputStream stdout,
            OutputStream stderr,
            Cancellation cancellation,
            ResizeEvents resizes) {
        this.resizes = resizes;
        this.options = options;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.cancellation = cancellation;
    }

    public boolean tty() {
        return options.tty();
    }

    public Optional<InputStream> stdin() {
        return Optional.ofNullable(stdin);
    }

    public Optional<OutputStream> stdout() {
        return Optional.ofNullable(stdout);
    }

    public Optional<OutputStream> stderr() {
        return Optional.ofNullable(stderr);
    }

    /** Registers a cancel callback (see {@link StreamingRuntime}). */
    public void onCancel(Runnable callback) {
        cancellation.onCancel(callback);
    }

    /**
     * Calls {@code listener} with every TTY resize from the client, starting with the latest one
     * if any came before. Called on a network thread: the listener must not block.
     */
    public void onResize(Consumer<TerminalSize> listener) {
        resizes.listen(listener);
    }
}
