package dev.cortado.cri.linux;

import com.sun.jna.Native;
import dev.cortado.cri.image.reference.Digest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The security provider {@value Digest#NATIVE_PROVIDER}: SHA-256 through OpenSSL's libcrypto
 * ({@link OpenSslSha256}). {@link #install()} adds it last to the JVM's providers, so TLS and every
 * other user of {@code MessageDigest.getInstance("SHA-256")} keep the JDK's; only
 * {@link Digest#newSha256()} asks for it by name. Where libcrypto cannot be loaded (no
 * {@code libssl3}) or fails its known answer, nothing is installed and digests stay the JDK's:
 * the same results, only slower before the JIT has compiled them.
 */
public final class NativeDigests extends Provider {
    private static final long serialVersionUID = 1L;
    /** Libcrypto of OpenSSL 3 (Debian 12's {@code libssl3}); 1.1's soname as the second choice. */
    private static final List<String> LIBRARIES = List.of("libcrypto.so.3", "libcrypto.so.1.1");
    /** SHA-256 of "abc" (FIPS 180-2, appendix B.1). */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    private NativeDigests(OpenSslSha256.Crypto crypto) {
        super(Digest.NATIVE_PROVIDER, "1.0", "SHA-256 through OpenSSL's libcrypto");
        putService(new Service(this, "MessageDigest", "SHA-256", OpenSslSha256.class.getName(), List.of(), Map.of()) {
            @Override
            public Object newInstance(Object constructorParameter) {
                return new OpenSslSha256(crypto);
            }
        });
    }

    /**
     * Installs the provider unless it is already there; empty when it is installed, otherwise why
     * not (the JDK's SHA-256 is used then).
     */
    public static synchronized Optional<String> install() {
        if (Security.getProvider(Digest.NATIVE_PROVIDER) != null) {
            return Optional.empty();
        }
        try {
            NativeDigests provider = load();
            Security.addProvider(provider);
            return Optional.empty();
        } catch (UnsatisfiedLinkError | NoSuchAlgorithmException | RuntimeException e) {
            return Optional.of(e.toString());
        }
    }

    /** The provider over the first libcrypto that loads and computes SHA-256 of "abc" right. */
    static NativeDigests load() throws NoSuchAlgorithmException {
        UnsatisfiedLinkError missing = null;
        for (String library : LIBRARIES) {
            OpenSslSha256.Crypto crypto;
            try {
                crypto = Native.load(library, OpenSslSha256.Crypto.class);
            } catch (UnsatisfiedLinkError e) {
                missing = e;
                continue;
            }
            NativeDigests provider = new NativeDigests(crypto);
            byte[] abc = MessageDigest.getInstance("SHA-256", provider).digest(new byte[] {'a', 'b', 'c'});
            if (!HexFormat.of().formatHex(abc).equals(ABC)) {
                throw new IllegalStateException(library + " computed a wrong SHA-256 of \"abc\"");
            }
            return provider;
        }
        throw missing;
    }
}
