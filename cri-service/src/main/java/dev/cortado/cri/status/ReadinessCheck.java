package dev.cortado.cri.status;

import java.util.Optional;

/**
 * One thing the runtime needs in order to run containers; a failed check makes RuntimeReady
 * false with the check's reason, so {@code crictl info} tells the truth about the node.
 */
public interface ReadinessCheck {

    /** A short name for the verbose status map, e.g. {@code shim}. */
    String name();

    /** Empty when satisfied, otherwise why not. */
    Optional<Failure> check();

    /** Why a check failed: a CamelCase reason and a message naming what is missing and where. */
    record Failure(String reason, String message) {}
}
