package dev.cortado.cri.image.registry;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends one GET to a registry endpoint: answers 401 challenges, follows redirects itself so that
 * credentials go only to the endpoint's own origin and never from https to http (CVE-2020-15157,
 * research/reliability.md B6), and sorts failures into retryable ones and final error kinds.
 */
final class RegistryCaller {
    private final HttpClient http;
    private final Authorizer authorizer;
    private final Duration timeout;
    private final int maxRedirects;
    private final Clock clock;
    private final Map<String, AuthChallenge> challenges = new ConcurrentHashMap<>();

    RegistryCaller(HttpClient http, Authorizer authorizer, Duration timeout, int maxRedirects, Clock clock) {
        this.clock = clock;
        this.http = http;
        this.authorizer = authorizer;
        this.timeout = timeout;
        this.maxRedirects = maxRedirects;
    }

    /** GETs {@code path}; the response is 200 or 206 and its body must be closed by the caller. */
    HttpResponse<InputStream> get(RegistryEndpoint endpoint, String path, Map<String, String> headers, String scope) {
        URI uri = endpoint.resolve(path);
        Optional<String> auth = Optional.ofNullable(challenges.get(endpoint.authority()))
                .flatMap(c -> authorizer.cached(c, scope, endpoint));
        boolean answered = false;
        String withheld = "";
        for (int hop = 0; hop <= maxRedirects; ) {
            boolean sameOrigin = origin(uri).equals(endpoint.authority());
            HttpResponse<InputStream> response = send(endpoint, uri, headers, sameOrigin ? auth : Optional.empty());
            int status = response.statusCode();
            if (status == 200 || status == 206) {
                return response;
            }
            String challenge = response.headers().allValues("WWW-Authenticate").stream()
                    .reduce((a, b) -> a + ", " + b)
                    .orElse("");
            discard(response);
            if (status == 401 && sameOrigin && !answered && !challenge.isEmpty()) {
                var parsed = AuthChallenge.parse(challenge);
                parsed.stream()
                        .filter(c -> !c.scheme().isEmpty())
                        .findFirst()
                        .ifPresent(c -> challenges.put(endpoint.authority(), c));
                auth = Optional.of(authorizer.authorize(parsed, scope, endpoint));
                withheld = authorizer.withheldNote(parsed, endpoint);
                answered = true;
                continue;
            }
            if (status >= 300
                    && status < 400
                    && response.headers().firstValue("Location").isPresent()) {
                URI next = uri.resolve(response.headers().firstValue("Location").get());
                if ("https".equals(uri.getScheme()) && !"https".equals(next.getScheme())) {
                    throw new CortadoException(
                            ErrorKind.PERMISSION_DENIED,
                            "refusing redirect from https to " + next.getScheme() + " for " + path + " on " + endpoint);
                }
                uri = next;
                hop++;
                continue;
            }
            throw failure(
                    status,
                    path,
                    endpoint,
                    response.headers().firstValue("Retry-After").orElse(null),
                    answered,
                    withheld);
        }
        throw CortadoException.unavailable("more than %d redirects for %s on %s", maxRedirects, path, endpoint);
    }

    private HttpResponse<InputStream> send(
            RegistryEndpoint endpoint, URI uri, Map<String, String> headers, Optional<String> auth) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(timeout).GET();
        headers.forEach(request::header);
        auth.ifPresent(a -> request.header("Authorization", a));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            if (origin(uri).equals(endpoint.authority())) {
                TlsFailure.of(e, endpoint).ifPresent(f -> {
                    throw f;
                });
            }
            throw new RetryableException("connection to " + origin(uri) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CortadoException(ErrorKind.CANCELLED, "interrupted while calling " + origin(uri), e);
        }
    }

    private RuntimeException failure(
            int status, String path, RegistryEndpoint endpoint, String retryAfter, boolean answered, String withheld) {
        String what = path + " on " + endpoint + ": HTTP " + status;
        if (status == 429 || status == 503) {
            // RFC 9110 §10.2.3: the registry says when to come back; Resilience waits that long (capped)
            return new RetryableException(
                    what, null, RetryAfter.parse(retryAfter, clock.instant()).orElse(null));
        }
        if (status >= 500) {
            return new RetryableException(what, null);
        }
        String credentialsHint = withheld.isEmpty()
                ? "; check the pull's credentials or " + endpoint.configHint("username") + "/password"
                : "; " + withheld;
        switch (status) {
            case 401:
                return new CortadoException(
                        ErrorKind.UNAUTHENTICATED, "not authorized for " + what + (answered ? credentialsHint : ""));
            case 403:
                return new CortadoException(ErrorKind.PERMISSION_DENIED, "access denied to " + what + credentialsHint);
            case 404:
                return CortadoException.notFound("not found: %s", what);
            case 400:
                return new CortadoException(
                        ErrorKind.FAILED_PRECONDITION,
                        "bad request for " + what
                                + ("http".equals(endpoint.base().getScheme())
                                        ? "; if the registry speaks TLS, remove " + endpoint.configHint("insecure")
                                                + " or set " + endpoint.configHint("tls") + " = true"
                                        : ""));
            default:
                return new CortadoException(ErrorKind.UNKNOWN, "unexpected answer for " + what);
        }
    }

    private static void discard(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            in.readNBytes(64 * 1024); // error bodies are capped, as containerd's 64 KiB
        } catch (IOException ignored) {
            // the body of a failed response is not needed
        }
    }

    static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
