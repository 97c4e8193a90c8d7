package dev.cortado.cri.image.registry;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure worth another attempt: HTTP 429 or 5xx, or a connection that broke; may carry the
 * wait the registry asked for with {@code Retry-After}.
 */
final class RetryableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Duration retryAfter;

    RetryableException(String message, Throwable cause) {
        this(message, cause, null);
    }

    RetryableException(String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** The wait the registry asked for before the next attempt, already capped. */
    Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
