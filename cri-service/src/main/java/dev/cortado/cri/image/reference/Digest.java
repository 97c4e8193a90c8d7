package dev.cortado.cri.image.reference;

import dev.cortado.errors.CortadoException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:<64 hex>}; only sha256 is accepted, as in the OCI spec's
 * registered algorithms that registries actually serve.
 */
public record Digest(String algorithm, String hex) {
    /**
     * The security provider whose SHA-256 {@link #newSha256()} prefers when the daemon installed it
     * ({@code cri.linux.NativeDigests}: OpenSSL's, full speed before the JIT compiled anything).
     */
    public static final String NATIVE_PROVIDER = "CortadoNative";

    private static final Pattern SHA256_HEX = Pattern.compile("[a-f0-9]{64}");

    /** Validates the algorithm and the encoded part. */
    public Digest {
        if (!"sha256".equals(algorithm)) {
            throw CortadoException.invalidArgument("unsupported digest algorithm %s", algorithm);
        }
        if (hex == null || !SHA256_HEX.matcher(hex).matches()) {
            throw CortadoException.invalidArgument("invalid sha256 digest hex %s", hex);
        }
    }

    /** Parses {@code algorithm:hex}. */
    public static Digest parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0) {
            throw CortadoException.invalidArgument("invalid digest %s", text);
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** Whether {@code text} is a well-formed sha256 digest. */
    public static boolean isDigest(String text) {
        return text != null
                && text.startsWith("sha256:")
                && SHA256_HEX.matcher(text.substring(7)).matches();
    }

    /** The sha256 digest of {@code bytes}. */
    public static Digest sha256(byte[] bytes) {
        return fromMessageDigest(newSha256().digest(bytes));
    }

    /** The sha256 digest of the UTF-8 bytes of {@code text}. */
    public static Digest sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Wraps the raw output of a sha256 {@link MessageDigest}. */
    public static Digest fromMessageDigest(byte[] raw) {
        return new Digest("sha256", HexFormat.of().formatHex(raw));
    }

    /** A fresh sha256 {@link MessageDigest}: the native provider's if installed, else the JDK's. */
    public static MessageDigest newSha256() {
        try {
            Provider preferred = Security.getProvider(NATIVE_PROVIDER);
            return preferred != null
                    ? MessageDigest.getInstance("SHA-256", preferred)
                    : MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
