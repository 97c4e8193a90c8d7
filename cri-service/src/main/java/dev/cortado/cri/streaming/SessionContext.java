package dev.cortado.cri.streaming;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * What every session handler needs from the server: the runtime, worker threads, the executor
 * that runs cancel callbacks off the event loop, timeouts.
 */
record SessionContext(StreamingRuntime runtime, Executor workers, Executor cancels, Duration streamCreationTimeout) {
    /** A new session's cancellation, its callbacks run on {@link #cancels()}. */
    Cancellation newCancellation() {
        return new Cancellation(cancels);
    }
}
