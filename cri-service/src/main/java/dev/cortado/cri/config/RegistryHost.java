package dev.cortado.cri.config;

import dev.cortado.errors.CortadoException;
import java.net.URI;
import java.util.List;

/**
 * One registry domain's settings.
 *
 * @param mirrors endpoints tried in order before the registry itself, e.g. {@code https://mirror:5000}
 * @param insecure plain HTTP allowed (for a registry on a private network or loopback)
 * @param caFile a PEM CA certificate trusted in addition to the JDK's; empty for none
 * @param username with {@code password}: credentials used when a pull request carries none
 * @param tls {@code true}: TLS even for a loopback registry (which is plain HTTP by default, as in
 *        containerd); unset: decided by the host; a {@code ca_file} implies TLS too
 * @param authRealmHosts hosts besides the registry's own that may receive its credentials when a
 *        401 challenge names them as bearer token realm (Docker Hub's {@code auth.docker.io} is built in)
 */
public record RegistryHost(
        List<String> mirrors,
        boolean insecure,
        String caFile,
        String username,
        String password,
        Boolean tls,
        List<String> authRealmHosts) {
    static final String REDACTED = "<redacted>";

    public RegistryHost {
        mirrors = List.copyOf(mirrors == null ? List.of() : mirrors);
        for (String mirror : mirrors) {
            URI uri;
            try {
                uri = URI.create(mirror);
            } catch (IllegalArgumentException e) {
                throw CortadoException.invalidArgument(
                        "config key registry.hosts.*.mirrors: \"%s\" is not a URI", mirror);
            }
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw CortadoException.invalidArgument(
                        "config key registry.hosts.*.mirrors: \"%s\" must be an http(s) URI with a host", mirror);
            }
        }
        caFile = caFile == null ? "" : caFile;
        if (!caFile.isEmpty()) {
            CortadoConfig.requireAbsolute("registry.hosts.*.ca_file", caFile);
        }
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        authRealmHosts = List.copyOf(authRealmHosts == null ? List.of() : authRealmHosts);
        for (String host : authRealmHosts) {
            if (host.isEmpty() || host.contains("/") || host.contains("://")) {
                throw CortadoException.invalidArgument(
                        "config key registry.hosts.*.auth_realm_hosts: \"%s\" must be a host name without scheme or path",
                        host);
            }
        }
        if (insecure && Boolean.TRUE.equals(tls)) {
            throw CortadoException.invalidArgument("config keys registry.hosts.*.insecure and tls cannot both be true");
        }
    }

    RegistryHost redacted() {
        return new RegistryHost(
                mirrors, insecure, caFile, username, password.isEmpty() ? "" : REDACTED, tls, authRealmHosts);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "RegistryHost[mirrors=" + mirrors + ", insecure=" + insecure + ", caFile=" + caFile + ", username="
                + username + ", password=" + (password.isEmpty() ? "" : REDACTED) + ", tls=" + tls + ", authRealmHosts="
                + authRealmHosts + "]";
    }
}
