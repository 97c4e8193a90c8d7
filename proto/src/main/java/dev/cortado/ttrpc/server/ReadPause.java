package dev.cortado.ttrpc.server;

import com.google.rpc.Status;
import dev.cortado.errors.ErrorKind;
import dev.cortado.ttrpc.TtrpcErrors;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Stops reading a connection while some stream's input buffer is full, and fails a stream that
 * stays full.
 *
 * <p>ttrpc's receive loop blocks up to one second on a full stream, then fails it with "stream
 * buffer full" (services.go {@code data}); pausing reads is the non-blocking equivalent. Used on
 * the connection's event loop only.
 */
final class ReadPause {
    /** How long a full stream may stall the connection (ttrpc: 1 s). */
    static final Duration STREAM_FULL_TIMEOUT = Duration.ofSeconds(1);

    private static final Status STREAM_FULL =
            TtrpcErrors.status(ErrorKind.INVALID_ARGUMENT, "data handling error: ttrpc: stream buffer full");

    private final Channel channel;
    private final Set<ServerCall<?, ?>> full = new HashSet<>();

    ReadPause(Channel channel) {
        this.channel = channel;
    }

    /** {@code call}'s buffer just filled up. */
    void pause(ServerCall<?, ?> call) {
        if (full.add(call)) {
            channel.config().setAutoRead(false);
            channel.eventLoop()
                    .schedule(
                            () -> {
                                if (full.contains(call) && call.inbound().isFull()) {
                                    call.fail(STREAM_FULL);
                                }
                            },
                            STREAM_FULL_TIMEOUT.toMillis(),
                            TimeUnit.MILLISECONDS);
        }
    }

    /** {@code call} made room or ended; reading resumes when no stream is full any more. */
    void resume(ServerCall<?, ?> call) {
        if (full.remove(call) && full.isEmpty()) {
            channel.config().setAutoRead(true);
        }
    }
}
