package dev.cortado.cri.streaming;

import dev.cortado.cri.streaming.tls.StreamingTls;
import java.time.Duration;
import java.util.Objects;

/**
 * The streaming server's settings ({@code [streaming]} in the TOML config). Defaults: loopback, a
 * random port, 30 s to connect a URL, 1000 pending URLs (kubelet's {@code MaxInFlight}), 4 h idle
 * timeout on a connected session (kubelet's and containerd's {@code stream_idle_timeout}), 30 s for
 * a SPDY client to open its streams, 256 concurrent sessions, no TLS.
 */
public record StreamingConfig(
        String address,
        int port,
        Duration tokenTtl,
        int maxPendingTokens,
        Duration idleTimeout,
        Duration streamCreationTimeout,
        int maxSessions,
        StreamingTls tls) {
    public StreamingConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tls, "tls");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("streaming port out of range: " + port);
        }
        requirePositive(tokenTtl, "token_ttl");
        requirePositive(idleTimeout, "idle_timeout");
        requirePositive(streamCreationTimeout, "stream_creation_timeout");
        if (maxPendingTokens < 1 || maxSessions < 1) {
            throw new IllegalArgumentException("max_pending_tokens and max_sessions must be at least 1");
        }
    }

    public static StreamingConfig defaults() {
        return new StreamingConfig(
                "127.0.0.1",
                0,
                Duration.ofSeconds(30),
                1000,
                Duration.ofHours(4),
                Duration.ofSeconds(30),
                256,
                new StreamingTls.Off());
    }

    public StreamingConfig withIdleTimeout(Duration timeout) {
        return new StreamingConfig(
                address, port, tokenTtl, maxPendingTokens, timeout, streamCreationTimeout, maxSessions, tls);
    }

    public StreamingConfig withTokenTtl(Duration ttl) {
        return new StreamingConfig(
                address, port, ttl, maxPendingTokens, idleTimeout, streamCreationTimeout, maxSessions, tls);
    }

    public StreamingConfig withMaxPendingTokens(int max) {
        return new StreamingConfig(address, port, tokenTtl, max, idleTimeout, streamCreationTimeout, maxSessions, tls);
    }

    public StreamingConfig withTls(StreamingTls mode) {
        return new StreamingConfig(
                address, port, tokenTtl, maxPendingTokens, idleTimeout, streamCreationTimeout, maxSessions, mode);
    }

    private static void requirePositive(Duration d, String key) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("streaming " + key + " must be positive");
        }
    }
}
