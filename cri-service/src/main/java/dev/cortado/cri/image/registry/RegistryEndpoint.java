package dev.cortado.cri.image.registry;

import java.net.URI;
import java.util.Optional;

/**
 * One place to fetch a repository from: a mirror or the registry itself, with the credentials
 * that may be sent there.
 *
 * @param base scheme, host and port, such as {@code https://registry-1.docker.io}
 * @param insecure plain HTTP and a plain-HTTP token realm are allowed
 */
record RegistryEndpoint(URI base, boolean insecure, Optional<Credentials> credentials) {
    /** The URI of {@code path} (which starts with {@code /v2/}) on this endpoint. */
    URI resolve(String path) {
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path);
    }

    /** The authority ({@code host:port}) that credentials and cached challenges are bound to. */
    String authority() {
        return base.getScheme() + "://" + base.getRawAuthority();
    }

    @Override
    public String toString() {
        return authority();
    }
}
