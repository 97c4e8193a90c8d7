package dev.cortado.cri.streaming.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Whether and how the streaming server speaks TLS; the same three modes, and the same refusals, as
 * containerd 1.6's {@code getStreamListenerMode} ({@code pkg/cri/server/streaming.go}).
 */
public sealed interface StreamingTls {
    /** Plain HTTP: URLs are {@code http://}. */
    record Off() implements StreamingTls {}

    /** TLS with a certificate made at start-up (no files given), as containerd's {@code selfSignTLS}. */
    record SelfSigned() implements StreamingTls {}

    /** TLS with a PEM certificate chain and its private key, read at start-up. */
    record KeyPair(Path certFile, Path keyFile) implements StreamingTls {
        public KeyPair {
            Objects.requireNonNull(certFile, "certFile");
            Objects.requireNonNull(keyFile, "keyFile");
        }
    }

    /**
     * The mode for {@code enable_tls}, {@code tls_cert_file} and {@code tls_key_file} ("" is unset).
     *
     * @throws IllegalArgumentException for one file without the other, or files without TLS
     */
    static StreamingTls of(boolean enable, String certFile, String keyFile) {
        boolean cert = certFile != null && !certFile.isEmpty();
        boolean key = keyFile != null && !keyFile.isEmpty();
        if (!enable) {
            if (cert || key) {
                throw new IllegalArgumentException(
                        (cert ? "tls_cert_file" : "tls_key_file") + " is set but enable_tls is not");
            }
            return new Off();
        }
        if (cert != key) {
            throw new IllegalArgumentException("enable_tls with " + (cert ? "tls_cert_file" : "tls_key_file")
                    + " needs " + (cert ? "tls_key_file" : "tls_cert_file") + " too");
        }
        return cert ? new KeyPair(Path.of(certFile), Path.of(keyFile)) : new SelfSigned();
    }
}
