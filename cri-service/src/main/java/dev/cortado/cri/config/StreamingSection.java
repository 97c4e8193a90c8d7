package dev.cortado.cri.config;

import dev.cortado.cri.streaming.StreamingConfig;
import dev.cortado.cri.streaming.tls.StreamingTls;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.time.Duration;

/**
 * The streaming server behind Exec and PortForward ({@code [streaming]}); defaults are
 * {@link StreamingConfig#defaults()}: loopback, a random port, 30 s to connect a URL, 1000
 * pending URLs, 4 h idle timeout (containerd's {@code stream_idle_timeout}), 30 s for a SPDY
 * client to open its streams, 256 sessions, no TLS. Times are whole seconds.
 *
 * <p>TLS as containerd's CRI plugin: {@code enable_tls} is its {@code enable_tls_streaming},
 * {@code tls_cert_file}/{@code tls_key_file} its {@code x509_key_pair_streaming} (PEM; both or
 * neither: with neither a self-signed certificate is made at start-up). The files are read when
 * the server starts, so the daemon refuses to start on a missing, unreadable or mismatched pair.
 *
 * @param address the IP address to listen on (kubelet proxies to it, so loopback is enough for it)
 * @param port the TCP port, 0 for a random one
 */
public record StreamingSection(
        String address,
        int port,
        long tokenTtlSeconds,
        int maxPendingTokens,
        long idleTimeoutSeconds,
        long streamCreationTimeoutSeconds,
        int maxSessions,
        boolean enableTls,
        String tlsCertFile,
        String tlsKeyFile) {
    public StreamingSection {
        if (address == null || address.isBlank()) {
            throw CortadoException.invalidArgument("config key streaming.address must not be empty");
        }
        tlsCertFile = tlsCertFile == null ? "" : tlsCertFile;
        tlsKeyFile = tlsKeyFile == null ? "" : tlsKeyFile;
        try {
            toStreamingConfig(
                    address,
                    port,
                    tokenTtlSeconds,
                    maxPendingTokens,
                    idleTimeoutSeconds,
                    streamCreationTimeoutSeconds,
                    maxSessions,
                    StreamingTls.of(enableTls, tlsCertFile, tlsKeyFile));
        } catch (IllegalArgumentException e) {
            throw new CortadoException(ErrorKind.INVALID_ARGUMENT, "config section streaming: " + e.getMessage(), e);
        }
    }

    public static StreamingSection defaults() {
        StreamingConfig d = StreamingConfig.defaults();
        return new StreamingSection(
                d.address(),
                d.port(),
                d.tokenTtl().toSeconds(),
                d.maxPendingTokens(),
                d.idleTimeout().toSeconds(),
                d.streamCreationTimeout().toSeconds(),
                d.maxSessions(),
                false,
                "",
                "");
    }

    /** The streaming server's settings. */
    public StreamingConfig toStreamingConfig() {
        return toStreamingConfig(
                address,
                port,
                tokenTtlSeconds,
                maxPendingTokens,
                idleTimeoutSeconds,
                streamCreationTimeoutSeconds,
                maxSessions,
                StreamingTls.of(enableTls, tlsCertFile, tlsKeyFile));
    }

    private static StreamingConfig toStreamingConfig(
            String address,
            int port,
            long tokenTtl,
            int maxPending,
            long idle,
            long creation,
            int maxSessions,
            StreamingTls tls) {
        return new StreamingConfig(
                address,
                port,
                Duration.ofSeconds(tokenTtl),
                maxPending,
                Duration.ofSeconds(idle),
                Duration.ofSeconds(creation),
                maxSessions,
                tls);
    }
}
