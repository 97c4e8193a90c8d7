package dev.cortado.cri.config;

import dev.cortado.errors.CortadoException;
import java.util.Map;

/**
 * How registries are reached: timeouts and retries for all, and per registry domain
 * ({@code [registry.hosts."docker.io"]}) mirrors, plain HTTP, an extra CA and credentials.
 *
 * @param requestTimeoutSeconds time to the response headers of one request
 * @param noProgressTimeoutSeconds a download that receives nothing for this long is cancelled
 * @param maxAttempts attempts per request for 429, 5xx and connection failures
 */
public record RegistryConfigSection(
        long requestTimeoutSeconds, long noProgressTimeoutSeconds, int maxAttempts, Map<String, RegistryHost> hosts) {

    public RegistryConfigSection {
        if (requestTimeoutSeconds < 1 || noProgressTimeoutSeconds < 1 || maxAttempts < 1) {
            throw CortadoException.invalidArgument("config keys registry.request_timeout_seconds,"
                    + " registry.no_progress_timeout_seconds and registry.max_attempts must be at least 1");
        }
        hosts = Map.copyOf(hosts);
    }

    public static RegistryConfigSection defaults() {
        return new RegistryConfigSection(30, 300, 5, Map.of());
    }

    /** The same settings with every password and token replaced, for status output and logs. */
    public RegistryConfigSection redacted() {
        Map<String, RegistryHost> safe = new java.util.TreeMap<>();
        hosts.forEach((domain, host) -> safe.put(domain, host.redacted()));
        return new RegistryConfigSection(requestTimeoutSeconds, noProgressTimeoutSeconds, maxAttempts, safe);
    }
}
