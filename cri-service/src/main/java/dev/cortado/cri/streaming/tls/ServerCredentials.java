package dev.cortado.cri.streaming.tls;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The streaming server's private key and certificate chain (leaf first). {@link #load} reads them
 * from PEM files as containerd's {@code tls.LoadX509KeyPair} does, and refuses a key that is not the
 * leaf certificate's, so a wrong pair stops the daemon at start instead of failing every handshake.
 */
public record ServerCredentials(PrivateKey key, List<X509Certificate> chain) {
    public ServerCredentials {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the leaf");
        }
    }

    /** The credentials for {@code tls}: read from its files, or made now; none for {@link StreamingTls.Off}. */
    public static Optional<ServerCredentials> of(StreamingTls tls, List<String> dnsNames, List<InetAddress> addresses) {
        if (tls instanceof StreamingTls.KeyPair pair) {
            return Optional.of(load(pair.certFile(), pair.keyFile()));
        }
        if (tls instanceof StreamingTls.SelfSigned) {
            return Optional.of(SelfSignedCertificate.generate(dnsNames, addresses, Instant.now()));
        }
        return Optional.empty();
    }

    /**
     * Reads a PEM certificate chain and an unencrypted PEM private key; INVALID_ARGUMENT naming the
     * file for one that is missing or unreadable, holds no certificate or key, does not parse, or a
     * key that does not belong to the leaf certificate.
     */
    public static ServerCredentials load(Path certFile, Path keyFile) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (PemBlocks.Block b : PemBlocks.parse(read(certFile, "tls_cert_file"))) {
                if (b.type().equals("CERTIFICATE")) {
                    chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw invalid("streaming tls_cert_file " + certFile + ": not a valid PEM certificate: " + detail(e), e);
        }
        if (chain.isEmpty()) {
            throw invalid("streaming tls_cert_file " + certFile + ": no PEM CERTIFICATE block", null);
        }
        PrivateKey key;
        try {
            key = PrivateKeys.parse(PemBlocks.parse(read(keyFile, "tls_key_file")));
        } catch (IllegalArgumentException e) {
            throw invalid("streaming tls_key_file " + keyFile + ": " + detail(e), e);
        }
        if (!matches(key, chain.get(0).getPublicKey())) {
            throw invalid(
                    "streaming tls_key_file " + keyFile + ": the private key does not match the certificate in "
                            + certFile + " (subject "
                            + chain.get(0).getSubjectX500Principal().getName() + ")",
                    null);
        }
        return new ServerCredentials(key, chain);
    }

    private static String read(Path file, String key) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw invalid("streaming " + key + " " + file + ": cannot read it: " + detail(e), e);
        }
    }

    private static CortadoException invalid(String message, Exception cause) {
        return new CortadoException(ErrorKind.INVALID_ARGUMENT, message, cause);
    }

    /** The exception's message and its cause's, or its type (a NoSuchFileException's message is only the path). */
    private static String detail(Exception e) {
        String own = e instanceof NoSuchFileException
                ? "no such file"
                : e instanceof AccessDeniedException
                        ? "permission denied"
                        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        return cause != null && cause.getMessage() != null ? own + ": " + cause.getMessage() : own;
    }

    /** True when {@code key} signs what {@code publicKey} verifies: the pair belongs together. */
    static boolean matches(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
