package dev.cortado.cri.image.registry;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to reach one registry domain: mirrors tried first in order, whether plain HTTP is allowed,
 * an extra CA, and configured credentials used when the pull request carries none.
 *
 * @param mirrors endpoints such as {@code https://mirror.example:5000}, tried before the registry
 * @param insecure plain HTTP allowed for this registry (and its bearer realm)
 * @param caFile a PEM CA certificate trusted in addition to the JDK's, or null
 */
public record RegistryHostConfig(List<URI> mirrors, boolean insecure, Path caFile, Credentials credentials) {
    /** The configuration of a registry nobody configured. */
    public static final RegistryHostConfig DEFAULT = new RegistryHostConfig(List.of(), false, null, Credentials.NONE);

    /** Copies the mirror list and checks each mirror is an absolute http(s) URI. */
    public RegistryHostConfig {
        mirrors = List.copyOf(Objects.requireNonNull(mirrors, "mirrors"));
        for (URI mirror : mirrors) {
            if (!"https".equals(mirror.getScheme()) && !"http".equals(mirror.getScheme()) || mirror.getHost() == null) {
                throw new IllegalArgumentException("mirror must be an http(s) URI with a host: " + mirror);
            }
        }
        credentials = credentials == null ? Credentials.NONE : credentials;
    }
}
