package dev.cortado.cri.image.registry;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Registry client settings; every field has a default in {@link #defaults()}, and the config
 * engineer binds the TOML {@code [registry]} table onto this record.
 *
 * @param hosts per-domain settings keyed by reference domain ({@code docker.io}, {@code localhost:5000})
 * @param requestTimeout time to the response headers of one request
 * @param noProgressTimeout a blob download that receives no byte for this long is cancelled
 *        (containerd's {@code image_pull_progress_timeout}, default 5m)
 * @param maxAttempts attempts per request for 429, 5xx and connection failures
 * @param initialBackoff first retry delay, doubled each time
 * @param maxRedirects redirects followed per request
 * @param maxManifestBytes manifests and indexes larger than this are refused (containerd: 4 MiB)
 * @param fetchForeignLayers whether layers with {@code urls} are fetched from those URLs (never
 *        with credentials); off by default, as containerd
 */
public record RegistryConfig(
        Map<String, RegistryHostConfig> hosts,
        Duration requestTimeout,
        Duration noProgressTimeout,
        int maxAttempts,
        Duration initialBackoff,
        int maxRedirects,
        long maxManifestBytes,
        boolean fetchForeignLayers) {
    /** Validates the limits and copies the host map. */
    public RegistryConfig {
        hosts = Map.copyOf(Objects.requireNonNull(hosts, "hosts"));
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(noProgressTimeout, "noProgressTimeout");
        requirePositive(initialBackoff, "initialBackoff");
        if (maxAttempts < 1 || maxRedirects < 0 || maxManifestBytes < 1024) {
            throw new IllegalArgumentException(
                    "maxAttempts >= 1, maxRedirects >= 0, maxManifestBytes >= 1024 required");
        }
    }

    /** Defaults matching containerd where it has an equivalent. */
    public static RegistryConfig defaults() {
        return new RegistryConfig(
                Map.of(),
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                5,
                Duration.ofMillis(500),
                10,
                4L << 20,
                false);
    }

    /** A copy with different per-host settings. */
    public RegistryConfig withHosts(Map<String, RegistryHostConfig> newHosts) {
        return new RegistryConfig(
                newHosts,
                requestTimeout,
                noProgressTimeout,
                maxAttempts,
                initialBackoff,
                maxRedirects,
                maxManifestBytes,
                fetchForeignLayers);
    }

    /** A copy with other timeouts and retry pacing (tests use short ones). */
    public RegistryConfig withTiming(Duration newNoProgress, Duration newBackoff) {
        return new RegistryConfig(
                hosts,
                requestTimeout,
                newNoProgress,
                maxAttempts,
                newBackoff,
                maxRedirects,
                maxManifestBytes,
                fetchForeignLayers);
    }

    /** The settings for {@code domain}, or the defaults. */
    public RegistryHostConfig host(String domain) {
        return hosts.getOrDefault(domain, RegistryHostConfig.DEFAULT);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
