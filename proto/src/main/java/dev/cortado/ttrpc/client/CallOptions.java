package dev.cortado.ttrpc.client;

import dev.cortado.ttrpc.Metadata;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-call settings: a timeout, sent as {@code timeout_nano} and also enforced locally, and
 * request metadata. The default has neither.
 */
public record CallOptions(Optional<Duration> timeout, Metadata metadata) {
    public static final CallOptions DEFAULT = new CallOptions(Optional.empty(), Metadata.empty());

    public CallOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(metadata, "metadata");
        if (timeout.isPresent() && (timeout.get().isNegative() || timeout.get().isZero())) {
            throw new IllegalArgumentException("a ttrpc timeout must be positive, got " + timeout.get());
        }
    }

    public CallOptions withTimeout(Duration callTimeout) {
        return new CallOptions(Optional.of(callTimeout), metadata);
    }

    public CallOptions withMetadata(Metadata callMetadata) {
        return new CallOptions(timeout, callMetadata);
    }

    /** The value of {@code ttrpc.Request.timeout_nano}: 0 means no timeout. */
    long timeoutNanos() {
        return timeout.map(Duration::toNanos).orElse(0L);
    }
}
