package dev.cortado.cri.image;

import dev.cortado.cri.image.registry.Credentials;
import java.time.Instant;
import java.util.Objects;

/**
 * A pull: the image reference as kubelet wrote it, credentials from CRI's AuthConfig, and the RPC
 * deadline (null for none).
 */
public record PullRequest(String image, Credentials credentials, Instant deadline) {
    /** Requires an image; null credentials mean anonymous. */
    public PullRequest {
        Objects.requireNonNull(image, "image");
        credentials = credentials == null ? Credentials.NONE : credentials;
    }
}
