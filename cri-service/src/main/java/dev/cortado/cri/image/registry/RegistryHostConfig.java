package dev.cortado.cri.image.registry;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach one registry domain: mirrors tried first in order, whether plain HTTP is allowed,
 * an extra CA, configured credentials used when the pull request carries none, and the hosts
 * besides the registry's own that may receive those credentials as a bearer token realm.
 *
 * @param mirrors endpoints such as {@code https://mirror.example:5000}, tried before the registry
 * @param insecure plain HTTP for this registry (and its bearer realm)
 * @param caFile a PEM CA certificate trusted in addition to the JDK's, or null; implies TLS
 * @param tls {@code true} to use TLS even on a loopback registry, null to decide by the host
 * @param authRealmHosts hosts (no port) other than the registry's own that may receive its
 *        credentials when a 401 challenge names them as token realm
 */
public record RegistryHostConfig(
        List<URI> mirrors,
        boolean insecure,
        Path caFile,
        Credentials credentials,
        Boolean tls,
        List<String> authRealmHosts) {
    /** The configuration of a registry nobody configured. */
    public static final RegistryHostConfig DEFAULT = new RegistryHostConfig(List.of(), false, null, Credentials.NONE);

    /** Copies the lists and checks each mirror is an absolute http(s) URI. */
    public RegistryHostConfig {
        mirrors = List.copyOf(Objects.requireNonNull(mirrors, "mirrors"));
        for (URI mirror : mirrors) {
            if (!"https".equals(mirror.getScheme()) && !"http".equals(mirror.getScheme()) || mirror.getHost() == null) {
                throw new IllegalArgumentException("mirror must be an http(s) URI with a host: " + mirror);
            }
        }
        credentials = credentials == null ? Credentials.NONE : credentials;
        authRealmHosts = authRealmHosts == null
                ? List.of()
                : authRealmHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    /** Settings with the host's default TLS choice and no extra realm hosts. */
    public RegistryHostConfig(List<URI> mirrors, boolean insecure, Path caFile, Credentials credentials) {
        this(mirrors, insecure, caFile, credentials, null, List.of());
    }

    /** A builder starting from {@link #DEFAULT}. */
    public static Builder builder() {
        return DEFAULT.toBuilder();
    }

    /** A builder starting from this record's values. */
    public Builder toBuilder() {
        return new Builder()
                .mirrors(mirrors)
                .insecure(insecure)
                .caFile(caFile)
                .credentials(credentials)
                .tls(tls)
                .authRealmHosts(authRealmHosts);
    }

    /**
     * Whether the registry at {@code authority} is spoken to in plain HTTP: when configured
     * insecure; never when a CA file or TLS is configured; otherwise when it is on loopback, as
     * containerd 1.6's CRI does with no config ({@code pkg/cri/server/image_pull.go}
     * {@code defaultScheme}: "http" if {@code docker.IsLocalhost(host)}, else "https"; no
     * fallback from one to the other).
     */
    public boolean plainHttp(String authority) {
        if (insecure) {
            return true;
        }
        if (caFile != null || Boolean.TRUE.equals(tls)) {
            return false;
        }
        return Loopback.is(authority);
    }

    /** Builds a {@link RegistryHostConfig} by name instead of six positional parts. */
    public static final class Builder {
        private List<URI> mirrors;
        private boolean insecure;
        private Path caFile;
        private Credentials credentials;
        private Boolean tls;
        private List<String> authRealmHosts;

        private Builder() {}

        public Builder mirrors(List<URI> v) {
            mirrors = v;
            return this;
        }

        public Builder insecure(boolean v) {
            insecure = v;
            return this;
        }

        public Builder caFile(Path v) {
            caFile = v;
            return this;
        }

        public Builder credentials(Credentials v) {
            credentials = v;
            return this;
        }

        public Builder tls(Boolean v) {
            tls = v;
            return this;
        }

        public Builder authRealmHosts(List<String> v) {
            authRealmHosts = v;
            return this;
        }

        public RegistryHostConfig build() {
            return new RegistryHostConfig(mirrors, insecure, caFile, credentials, tls, authRealmHosts);
        }
    }
}
