package dev.cortado.cri.image.registry;

import dev.cortado.errors.CortadoException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Registry credentials as CRI's {@code AuthConfig} carries them; {@link #toString()} never shows
 * a secret.
 *
 * @param serverAddress the registry these are for, or empty for "whatever the pull targets"
 */
public record Credentials(
        String username, String password, String identityToken, String registryToken, String serverAddress) {
    /** No credentials: anonymous access. */
    public static final Credentials NONE = new Credentials("", "", "", "", "");

    /** Normalises nulls to empty strings. */
    public Credentials {
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        identityToken = identityToken == null ? "" : identityToken;
        registryToken = registryToken == null ? "" : registryToken;
        serverAddress = serverAddress == null ? "" : serverAddress;
    }

    /**
     * Builds credentials from CRI's AuthConfig fields; {@code auth} is base64 {@code user:password}
     * and fills username/password when those are empty.
     */
    public static Credentials fromCri(
            String username,
            String password,
            String auth,
            String serverAddress,
            String identityToken,
            String registryToken) {
        String user = username;
        String pass = password;
        if ((user == null || user.isEmpty()) && auth != null && !auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw CortadoException.invalidArgument("auth config field auth is not valid base64");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw CortadoException.invalidArgument("auth config field auth is not user:password");
            }
            user = decoded.substring(0, colon);
            pass = decoded.substring(colon + 1);
        }
        return new Credentials(user, pass, identityToken, registryToken, serverAddress);
    }

    /** Whether nothing is set. */
    public boolean isAnonymous() {
        return username.isEmpty() && identityToken.isEmpty() && registryToken.isEmpty();
    }

    /**
     * These credentials if they may be sent to {@code host}: like containerd's ParseAuth, a
     * server address naming another host yields none.
     */
    public Optional<Credentials> forHost(String host) {
        if (isAnonymous()) {
            return Optional.empty();
        }
        if (serverAddress.isEmpty()) {
            return Optional.of(this);
        }
        String address = serverAddress.contains("://") ? serverAddress : "https://" + serverAddress;
        String authority;
        try {
            authority = URI.create(address).getAuthority();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        boolean same = host.equalsIgnoreCase(authority)
                || ("docker.io".equals(host) || "registry-1.docker.io".equals(host))
                        && authority != null
                        && authority.endsWith("docker.io");
        return same ? Optional.of(this) : Optional.empty();
    }

    /** The {@code Basic} header value for username/password. */
    String basicHeader() {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[" + (isAnonymous() ? "anonymous" : "user=" + username + ", secrets=<redacted>")
                + ", serverAddress=" + serverAddress + "]";
    }
}
