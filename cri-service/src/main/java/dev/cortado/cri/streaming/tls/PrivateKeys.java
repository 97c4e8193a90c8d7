package dev.cortado.cri.streaming.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;

/**
 * A private key from the PEM forms Go's {@code tls.X509KeyPair} accepts and tools write:
 * {@code PRIVATE KEY} (PKCS #8, what OpenSSL 3 writes), {@code RSA PRIVATE KEY} (PKCS #1,
 * {@code openssl genrsa -traditional}) and {@code EC PRIVATE KEY} (SEC 1, {@code openssl ecparam
 * -genkey}); the last two are wrapped in PKCS #8 for the JDK's key factories. {@code ENCRYPTED
 * PRIVATE KEY} is refused, as Go does.
 */
final class PrivateKeys {
    private static final String RSA_OID = "1.2.840.113549.1.1.1";
    private static final String EC_OID = "1.2.840.10045.2.1";

    private PrivateKeys() {}

    /** The key of the first key block; IllegalArgumentException naming what is wrong. */
    static PrivateKey parse(List<PemBlocks.Block> blocks) {
        for (PemBlocks.Block b : blocks) {
            switch (b.type()) {
                case "PRIVATE KEY":
                    return pkcs8(b.der(), List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"));
                case "RSA PRIVATE KEY":
                    return pkcs8(wrap(Der.sequence(Der.oid(RSA_OID), Der.nullValue()), b.der()), List.of("RSA"));
                case "EC PRIVATE KEY":
                    return pkcs8(wrap(Der.sequence(Der.oid(EC_OID), curve(b.der())), b.der()), List.of("EC"));
                case "ENCRYPTED PRIVATE KEY":
                    throw new IllegalArgumentException(
                            "the key is encrypted (ENCRYPTED PRIVATE KEY): give an unencrypted key");
                default:
                // certificates or parameters in the same file: skip, as Go does
            }
        }
        throw new IllegalArgumentException("no PEM private key block (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    /** PKCS #8 {@code PrivateKeyInfo} {version 0, algorithm, key}. */
    private static byte[] wrap(byte[] algorithm, byte[] key) {
        return Der.sequence(Der.integer(BigInteger.ZERO), algorithm, Der.octetString(key));
    }

    /** The named curve in a SEC 1 {@code ECPrivateKey}'s {@code [0] parameters}, which the PKCS #8 wrapper must carry. */
    private static byte[] curve(byte[] sec1) {
        List<Der.Element> top = Der.read(sec1);
        if (top.size() != 1 || top.get(0).tag() != Der.SEQUENCE) {
            throw new IllegalArgumentException("the EC PRIVATE KEY block is not a SEC 1 ECPrivateKey");
        }
        for (Der.Element e : top.get(0).children()) {
            if (e.tag() == 0xA0) {
                List<Der.Element> params = e.children();
                if (params.size() == 1 && params.get(0).tag() == Der.OID) {
                    return Der.tlv(Der.OID, params.get(0).content());
                }
            }
        }
        throw new IllegalArgumentException(
                "the EC PRIVATE KEY block names no curve (explicit curve parameters are not supported)");
    }

    private static PrivateKey pkcs8(byte[] der, List<String> algorithms) {
        GeneralSecurityException last = null;
        for (String algorithm : algorithms) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new IllegalArgumentException(
                "the private key is not a valid " + String.join(", ", algorithms) + " key", last);
    }
}
