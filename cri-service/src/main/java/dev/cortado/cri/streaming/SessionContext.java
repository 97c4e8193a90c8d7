package dev.cortado.cri.streaming;

import java.time.Duration;
import java.util.concurrent.Executor;

/** What every session handler needs from the server: the runtime, worker threads, timeouts. */
record SessionContext(StreamingRuntime runtime, Executor workers, Duration streamCreationTimeout) {}
