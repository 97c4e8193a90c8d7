package dev.cortado.cri.image.registry;

/** A failure worth another attempt: HTTP 429 or 5xx, or a connection that broke. */
final class RetryableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
