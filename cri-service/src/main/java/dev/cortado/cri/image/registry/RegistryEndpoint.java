package dev.cortado.cri.image.registry;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * One place to fetch a repository from: a mirror or the registry itself, with the credentials
 * that may be sent there.
 *
 * @param base scheme, host and port, such as {@code https://registry-1.docker.io}
 * @param configKey the {@code registry.hosts} key that configures this endpoint, for error messages
 * @param insecure plain HTTP and a plain-HTTP token realm are allowed
 * @param realmHosts hosts besides this endpoint's own that may receive its credentials as token realm
 */
record RegistryEndpoint(
        URI base, String configKey, boolean insecure, Optional<Credentials> credentials, List<String> realmHosts) {
    RegistryEndpoint {
        realmHosts = List.copyOf(realmHosts);
    }

    /** The URI of {@code path} (which starts with {@code /v2/}) on this endpoint. */
    URI resolve(String path) {
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path);
    }

    /** The authority ({@code host:port}) that credentials and cached challenges are bound to. */
    String authority() {
        return base.getScheme() + "://" + base.getRawAuthority();
    }

    /**
     * Whether credentials may go to a token realm on {@code realm}: the same host as this endpoint
     * (any port: one machine is one trust domain, and containerd compares hosts too) or a host
     * configured for it. A different spelling of the same machine ({@code localhost} for
     * {@code 127.0.0.1}) is a different host.
     */
    boolean trustsRealm(URI realm) {
        String host = realm.getHost() == null ? "" : Loopback.host(realm.getRawAuthority());
        return host.equals(Loopback.host(base.getRawAuthority())) || realmHosts.contains(host);
    }

    /** Where to configure {@code key} of this endpoint, as it is written in the config file. */
    String configHint(String key) {
        return "registry.hosts.\"" + configKey + "\"." + key;
    }

    @Override
    public String toString() {
        return authority();
    }
}
