package dev.cortado.cri.config;

import dev.cortado.cri.streaming.StreamingConfig;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.time.Duration;

/**
 * The streaming server behind Exec and PortForward ({@code [streaming]}); defaults are
 * {@link StreamingConfig#defaults()}: loopback, a random port, 30 s to connect a URL, 1000
 * pending URLs, 4 h idle timeout (containerd's {@code stream_idle_timeout}), 30 s for a SPDY
 * client to open its streams, 256 sessions. Times are whole seconds.
 *
 * @param address the IP address to listen on (kubelet proxies to it, so loopback is enough for it)
 * @param port the TCP port, 0 for a random one
 */
public record StreamingSection(String address, int port, long tokenTtlSeconds, int maxPendingTokens,
        long idleTimeoutSeconds, long streamCreationTimeoutSeconds, int maxSessions) {
    public StreamingSection {
        if (address == null || address.isBlank()) {
            throw CortadoException.invalidArgument("config key streaming.address must not be empty");
        }
        try {
            toStreamingConfig(address, port, tokenTtlSeconds, maxPendingTokens, idleTimeoutSeconds,
                    streamCreationTimeoutSeconds, maxSessions);
        } catch (IllegalArgumentException e) {
            throw new CortadoException(ErrorKind.INVALID_ARGUMENT,
                    "config section streaming: " + e.getMessage(), e);
        }
    }

    public static StreamingSection defaults() {
        StreamingConfig d = StreamingConfig.defaults();
        return new StreamingSection(d.address(), d.port(), d.tokenTtl().toSeconds(), d.maxPendingTokens(),
                d.idleTimeout().toSeconds(), d.streamCreationTimeout().toSeconds(), d.maxSessions());
    }

    /** The streaming server's settings. */
    public StreamingConfig toStreamingConfig() {
        return toStreamingConfig(address, port, tokenTtlSeconds, maxPendingTokens, idleTimeoutSeconds,
                streamCreationTimeoutSeconds, maxSessions);
    }

    private static StreamingConfig toStreamingConfig(String address, int port, long tokenTtl, int maxPending,
            long idle, long creation, int maxSessions) {
        return new StreamingConfig(address, port, Duration.ofSeconds(tokenTtl), maxPending, Duration.ofSeconds(idle),
                Duration.ofSeconds(creation), maxSessions);
    }
}
