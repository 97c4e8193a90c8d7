package dev.cortado.cri.image.registry;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a registry's {@code WWW-Authenticate} challenges into an {@code Authorization} header:
 * Basic with the credentials, or a Bearer token fetched from the challenge's realm and cached per
 * scope.
 */
final class Authorizer {
    private static final long MAX_TOKEN_RESPONSE = 1 << 20;
    private final HttpClient http;
    private final TokenCache cache;
    private final Duration timeout;
    private final JsonMapper json = JsonMapper.builder().build();

    Authorizer(HttpClient http, Clock clock, Duration timeout) {
        this.http = http;
        this.cache = new TokenCache(clock);
        this.timeout = timeout;
    }

    /** A cached header for a challenge seen before, so later requests skip the 401 round trip. */
    Optional<String> cached(AuthChallenge challenge, String scope, RegistryEndpoint endpoint) {
        if (challenge.scheme().equals("basic")) {
            return endpoint.credentials().filter(c -> !c.username().isEmpty()).map(Credentials::basicHeader);
        }
        return cache.get(key(challenge, scope, sendable(challenge, endpoint))).map(t -> "Bearer " + t);
    }

    /** Answers {@code challenges}; the registry being plain HTTP allows a plain-HTTP realm. */
    String authorize(List<AuthChallenge> challenges, String scope, RegistryEndpoint endpoint) {
        for (AuthChallenge challenge : challenges) {
            if (challenge.scheme().equals("bearer") && !challenge.param("realm").isEmpty()) {
                return "Bearer " + bearerToken(challenge, scope, endpoint);
            }
        }
        for (AuthChallenge challenge : challenges) {
            if (challenge.scheme().equals("basic")) {
                return endpoint.credentials()
                        .filter(c -> !c.username().isEmpty())
                        .map(Credentials::basicHeader)
                        .orElseThrow(() -> new CortadoException(
                                ErrorKind.UNAUTHENTICATED,
                                "registry " + endpoint
                                        + " requires basic authentication and no credentials were given; pass them with the pull"
                                        + " or set " + endpoint.configHint("username") + "/password"));
            }
        }
        throw new CortadoException(
                ErrorKind.UNAUTHENTICATED, "registry " + endpoint + " sent no usable authentication challenge");
    }

    /**
     * Why the credentials were not sent with the bearer challenge among {@code challenges}, and how
     * to allow it; empty when they were sent or there were none.
     */
    String withheldNote(List<AuthChallenge> challenges, RegistryEndpoint endpoint) {
        for (AuthChallenge challenge : challenges) {
            if (challenge.scheme().equals("bearer") && !challenge.param("realm").isEmpty()) {
                return withheldNote(challenge, endpoint);
            }
        }
        return "";
    }

    private static String withheldNote(AuthChallenge challenge, RegistryEndpoint endpoint) {
        boolean hasCredentials = endpoint.credentials().isPresent()
                && endpoint.credentials().get().registryToken().isEmpty();
        if (!hasCredentials || sendable(challenge, endpoint).isPresent()) {
            return "";
        }
        String host = realmHost(challenge);
        return "the credentials were not sent to token realm " + host + " because it is not the registry's host "
                + endpoint.base().getHost() + ", and an anonymous token was not enough; to trust that realm, add \""
                + host + "\" to " + endpoint.configHint("auth_realm_hosts");
    }

    /** The endpoint's credentials if they may go to the challenge's realm: its own host or a configured one. */
    private static Optional<Credentials> sendable(AuthChallenge challenge, RegistryEndpoint endpoint) {
        URI realm;
        try {
            realm = URI.create(challenge.param("realm"));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return endpoint.trustsRealm(realm) ? endpoint.credentials() : Optional.empty();
    }

    private static String realmHost(AuthChallenge challenge) {
        try {
            return String.valueOf(URI.create(challenge.param("realm")).getHost());
        } catch (IllegalArgumentException e) {
            return "(unparsable realm)";
        }
    }

    private String bearerToken(AuthChallenge challenge, String scope, RegistryEndpoint endpoint) {
        Optional<Credentials> own = endpoint.credentials();
        if (own.isPresent() && !own.get().registryToken().isEmpty()) {
            return own.get().registryToken(); // a registry token goes to the registry only, never to a realm
        }
        Optional<Credentials> creds = sendable(challenge, endpoint);
        boolean insecure = endpoint.insecure();
        // only called after a 401: a cached token for this scope was refused, so fetch a fresh one
        TokenCache.Key key = key(challenge, scope, creds);
        cache.invalidate(key);
        URI realm = URI.create(challenge.param("realm"));
        if (!"https".equals(realm.getScheme()) && !(insecure && "http".equals(realm.getScheme()))) {
            throw new CortadoException(
                    ErrorKind.PERMISSION_DENIED,
                    "refusing token realm " + realm.getHost() + " over " + realm.getScheme()
                            + ": realm must be https unless the registry is plain HTTP");
        }
        String query = param("service", challenge.param("service")) + param("scope", scope);
        HttpRequest.Builder request = HttpRequest.newBuilder().timeout(timeout);
        Credentials c = creds.orElse(Credentials.NONE);
        if (!c.identityToken().isEmpty()) {
            String form =
                    "grant_type=refresh_token&client_id=cortado" + param("refresh_token", c.identityToken()) + query;
            request.uri(realm)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
        } else {
            String sep = realm.getRawQuery() == null ? "?" : "&";
            request.uri(URI.create(realm + sep + (query.isEmpty() ? "" : query.substring(1))))
                    .GET();
            if (!c.username().isEmpty()) {
                request.header("Authorization", c.basicHeader());
            }
        }
        JsonNode body = fetchJson(request.build(), realm, withheldNote(challenge, endpoint));
        String token = body.path("token").stringValue(body.path("access_token").stringValue(""));
        if (token.isEmpty()) {
            token = body.path("access_token").stringValue("");
        }
        if (token.isEmpty()) {
            throw new CortadoException(
                    ErrorKind.UNAUTHENTICATED, "token server " + realm.getHost() + " returned no token");
        }
        cache.put(
                key,
                token,
                Duration.ofSeconds(Math.max(60, body.path("expires_in").asLong(60))));
        return token;
    }

    private JsonNode fetchJson(HttpRequest request, URI realm, String withheld) {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes((int) MAX_TOKEN_RESPONSE);
                if (response.statusCode() == 401 || response.statusCode() == 403) {
                    throw new CortadoException(
                            ErrorKind.UNAUTHENTICATED,
                            "token server " + realm.getHost()
                                    + " rejected the " + (withheld.isEmpty() ? "credentials" : "anonymous request")
                                    + ": HTTP "
                                    + response.statusCode() + (withheld.isEmpty() ? "" : "; " + withheld));
                }
                if (response.statusCode() != 200) {
                    throw CortadoException.unavailable(
                            "token server %s answered HTTP %d", realm.getHost(), response.statusCode());
                }
                return json.readTree(bytes);
            }
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.UNAVAILABLE, "token server " + realm.getHost() + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CortadoException(ErrorKind.CANCELLED, "interrupted while fetching a token", e);
        } catch (tools.jackson.core.JacksonException e) {
            throw CortadoException.unavailable("token server %s returned malformed JSON", realm.getHost());
        }
    }

    private static TokenCache.Key key(AuthChallenge challenge, String scope, Optional<Credentials> creds) {
        return new TokenCache.Key(
                challenge.param("realm"),
                challenge.param("service"),
                scope,
                creds.map(Credentials::hashCode).orElse(0));
    }

    private static String param(String name, String value) {
        return value.isEmpty() ? "" : "&" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
