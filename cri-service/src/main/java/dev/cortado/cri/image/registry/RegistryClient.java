package dev.cortado.cri.image.registry;

import dev.cortado.cri.image.reference.Digest;
import dev.cortado.cri.image.reference.ImageReference;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The OCI distribution client: resolves a reference to a single-platform manifest and streams
 * blobs into a {@link BlobSink}, trying mirrors before the registry itself.
 */
public final class RegistryClient implements AutoCloseable {
    private static final String DOCKER_HUB_REALM = "auth.docker.io";
    private final RegistryConfig config;
    private final RegistryCaller caller;
    private final Resilience resilience;
    private final ManifestParser parser = new ManifestParser();
    private final ScheduledExecutorService scheduler;
    private final ProgressWatchdog watchdog;

    /** A client with its own HTTP client trusting the JDK CAs plus every configured CA file. */
    public RegistryClient(RegistryConfig config, Clock clock) {
        this(config, HttpClients.create(config), clock);
    }

    /** A client over a given HTTP client, which must not follow redirects itself. */
    public RegistryClient(RegistryConfig config, HttpClient http, Clock clock) {
        this(config, http, clock, wait -> {});
    }

    /** A client that also reports each wait before a retry to {@code retryWaits} (for tests). */
    RegistryClient(RegistryConfig config, HttpClient http, Clock clock, Consumer<Duration> retryWaits) {
        this.config = config;
        this.caller = new RegistryCaller(
                http,
                new Authorizer(http, clock, config.requestTimeout()),
                config.requestTimeout(),
                config.maxRedirects(),
                clock);
        this.resilience = new Resilience(config.maxAttempts(), config.initialBackoff(), retryWaits);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "registry-progress-watchdog");
            t.setDaemon(true);
            return t;
        });
        this.watchdog = new ProgressWatchdog(scheduler, config.noProgressTimeout());
    }

    /** Checks that the registry of {@code ref} speaks the v2 API and accepts the credentials. */
    public void ping(ImageReference ref, Credentials credentials) {
        onEachEndpoint(
                ref,
                credentials,
                endpoint -> resilience.call(endpoint.authority(), "ping", () -> {
                    readBounded(caller.get(endpoint, "/v2/", Map.of(), ""), 64 * 1024, "ping");
                    return null;
                }));
    }

    /** Resolves {@code ref} to the manifest for {@code platform}, choosing from an index if needed. */
    public Manifest resolve(ImageReference ref, Credentials credentials, Platform platform) {
        return onEachEndpoint(ref, credentials, endpoint -> resolveOn(endpoint, ref, platform));
    }

    private Manifest resolveOn(RegistryEndpoint endpoint, ImageReference ref, Platform platform) {
        String reference = ref.manifestReference();
        for (int depth = 0; depth < 3; depth++) {
            Fetched fetched = fetchManifest(endpoint, ref, reference);
            String what = "manifest " + ref.repository() + "@" + fetched.digest;
            var node = parser.tree(fetched.body, what);
            String type = parser.mediaType(node, fetched.contentType, what);
            if (MediaTypes.isManifest(type)) {
                return parser.manifest(fetched.digest, type, node, fetched.body, what);
            }
            Descriptor best = null;
            int bestScore = -1;
            for (Descriptor entry : parser.indexEntries(node, what)) {
                int score = entry.platform() == null ? -1 : platform.score(entry.platform());
                if (score > bestScore) {
                    best = entry;
                    bestScore = score;
                }
            }
            if (best == null) {
                throw CortadoException.notFound("no manifest for platform %s in %s", platform, what);
            }
            reference = best.digest().toString();
        }
        throw CortadoException.failedPrecondition("indexes nested too deeply for %s", ref);
    }

    private Fetched fetchManifest(RegistryEndpoint endpoint, ImageReference ref, String reference) {
        String path = "/v2/" + ref.path() + "/manifests/" + reference;
        return resilience.call(endpoint.authority(), "manifest " + ref.path() + ":" + reference, () -> {
            HttpResponse<InputStream> response =
                    caller.get(endpoint, path, Map.of("Accept", MediaTypes.MANIFEST_ACCEPT), scope(ref));
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            byte[] body = readBounded(response, config.maxManifestBytes(), "manifest " + ref.path() + ":" + reference);
            Digest actual = Digest.sha256(body);
            if (Digest.isDigest(reference) && !actual.toString().equals(reference)) {
                throw new CortadoException(
                        ErrorKind.FAILED_PRECONDITION,
                        "manifest " + ref.path() + "@" + reference + " has digest " + actual);
            }
            return new Fetched(body, contentType, actual);
        });
    }

    /**
     * Streams the blob {@code descriptor} of {@code ref}'s repository into {@code sink}, resuming
     * from the sink's offset on every attempt; never fetches a descriptor's foreign {@code urls}.
     */
    public void fetchBlob(ImageReference ref, Credentials credentials, Descriptor descriptor, BlobSink sink) {
        String path = "/v2/" + ref.path() + "/blobs/" + descriptor.digest();
        onEachEndpoint(
                ref,
                credentials,
                endpoint -> resilience.call(
                        endpoint.authority(),
                        "blob " + descriptor.digest(),
                        () -> new BlobDownload(caller, watchdog, endpoint, path, scope(ref), descriptor, sink).run()));
    }

    private <T> T onEachEndpoint(ImageReference ref, Credentials credentials, Function<RegistryEndpoint, T> call) {
        List<RegistryEndpoint> endpoints = endpoints(ref, credentials);
        CortadoException last = null;
        for (RegistryEndpoint endpoint : endpoints) {
            try {
                return call.apply(endpoint);
            } catch (CortadoException e) {
                if (e.kind() == ErrorKind.CANCELLED || e.kind() == ErrorKind.DEADLINE_EXCEEDED) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    List<RegistryEndpoint> endpoints(ImageReference ref, Credentials credentials) {
        RegistryHostConfig hostConfig = config.host(ref.domain());
        List<RegistryEndpoint> out = new ArrayList<>();
        for (URI mirror : hostConfig.mirrors()) {
            String authority = mirror.getRawAuthority();
            RegistryHostConfig mirrorConfig = config.host(authority);
            out.add(new RegistryEndpoint(
                    mirror,
                    authority,
                    "http".equals(mirror.getScheme()) || mirrorConfig.insecure(),
                    mirrorConfig.credentials().forHost(authority),
                    mirrorConfig.authRealmHosts()));
        }
        String host = ref.registryHost();
        Optional<Credentials> creds = credentials
                .forHost(ref.domain())
                .or(() -> credentials.forHost(host))
                .or(() -> hostConfig.credentials().forHost(host));
        List<String> realmHosts = new ArrayList<>(hostConfig.authRealmHosts());
        if ("docker.io".equals(ref.domain())) {
            realmHosts.add(DOCKER_HUB_REALM); // registry-1.docker.io sends its clients to auth.docker.io
        }
        boolean plain = hostConfig.plainHttp(host);
        out.add(new RegistryEndpoint(
                URI.create((plain ? "http" : "https") + "://" + host), ref.domain(), plain, creds, realmHosts));
        return out;
    }

    private static byte[] readBounded(HttpResponse<InputStream> response, long max, String what) {
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                throw new CortadoException(
                        ErrorKind.RESOURCE_EXHAUSTED, "rejecting " + what + ": larger than " + max + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new RetryableException("reading " + what + " failed: " + e, e);
        }
    }

    private static String scope(ImageReference ref) {
        return "repository:" + ref.path() + ":pull";
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private record Fetched(byte[] body, String contentType, Digest digest) {}
}
