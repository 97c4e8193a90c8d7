package dev.cortado.ttrpc;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.time.Instant;
import java.util.Optional;

/**
 * What a server handler knows about its call besides the messages: the method, the caller's
 * metadata, the deadline derived from {@code timeout_nano}, and whether the call is over.
 *
 * <p>A call is over when its deadline passed (the client already got DEADLINE_EXCEEDED), its
 * connection closed, or the server was closed; a long handler should check
 * {@link #checkActive()} between steps, since its later result is dropped.
 */
public interface CallContext {
    /** The service name of the request, e.g. {@code containerd.task.v3.Task}. */
    String service();

    /** The method name of the request, e.g. {@code Create}. */
    String method();

    Metadata metadata();

    /** When the caller stops waiting; empty when the request had {@code timeout_nano} 0. */
    Optional<Instant> deadline();

    /** Whether the call ended before the handler did. */
    boolean isCancelled();

    /** Throws DEADLINE_EXCEEDED or CANCELLED if the call is already over. */
    default void checkActive() {
        if (isCancelled()) {
            boolean expired = deadline().map(d -> !Instant.now().isBefore(d)).orElse(false);
            throw new CortadoException(
                    expired ? ErrorKind.DEADLINE_EXCEEDED : ErrorKind.CANCELLED,
                    "ttrpc: call " + service() + "/" + method()
                            + (expired ? " passed its deadline" : " was cancelled"));
        }
    }
}
