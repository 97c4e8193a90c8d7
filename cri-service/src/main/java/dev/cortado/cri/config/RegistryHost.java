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
 */
public record RegistryHost(List<String> mirrors, boolean insecure, String caFile, String username, String password) {
    static final String REDACTED = "<redacted>";

    public RegistryHost {
        mirrors = List.copyOf(mirrors == null ? List.of() : mirrors);
        for (String mirror : mirrors) {
            URI uri;
            try {
                uri = URI.create(mirror);
            } catch (IllegalArgumentException e) {
                throw CortadoException.invalidArgument("config key registry.hosts.*.mirrors: \"%s\" is not a URI", mirror);
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
    }

    RegistryHost redacted() {
        return new RegistryHost(mirrors, insecure, caFile, username, password.isEmpty() ? "" : REDACTED);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "RegistryHost[mirrors=" + mirrors + ", insecure=" + insecure + ", caFile=" + caFile + ", username="
                + username + ", password=" + (password.isEmpty() ? "" : REDACTED) + "]";
    }
}
