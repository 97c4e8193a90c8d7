package dev.cortado.cri.streaming.tls;

import dev.cortado.errors.CortadoException;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-signed server certificate made with the JDK alone, for {@code enable_tls} without files, as
 * containerd makes one ({@code newTLSCert}: the host name and addresses, valid one year). The JDK has
 * no public certificate builder, so the X.509 v3 structure (RFC 5280 4.1) is written in DER here and
 * signed with a fresh P-256 key (ECDSA with SHA-256); the JDK's certificate factory then parses and
 * verifies it, so a malformed encoding fails here, not in a client.
 */
public final class SelfSignedCertificate {
    static final Duration VALIDITY = Duration.ofDays(365);
    private static final String ECDSA_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String EXT_KEY_USAGE = "2.5.29.37";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    private SelfSignedCertificate() {}

    /** A key and a certificate for {@code dnsNames} and {@code addresses}, valid from a minute before {@code now} for a year. */
    public static ServerCredentials generate(List<String> dnsNames, List<InetAddress> addresses, Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            byte[] algorithm = Der.sequence(Der.oid(ECDSA_SHA256));
            String cn = "cortado-streaming@" + now.getEpochSecond();
            byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8(cn))));
            byte[] tbs = Der.sequence(
                    Der.explicit(0, Der.integer(BigInteger.TWO)), // v3
                    Der.integer(new BigInteger(127, new SecureRandom()).add(BigInteger.ONE)),
                    algorithm,
                    name,
                    Der.sequence(Der.utcTime(now.minusSeconds(60)), Der.utcTime(now.plus(VALIDITY))),
                    name,
                    keys.getPublic().getEncoded(), // SubjectPublicKeyInfo, DER already
                    Der.explicit(3, Der.sequence(extensions(dnsNames, addresses))));
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(tbs);
            byte[] der = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
            X509Certificate cert = (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            cert.verify(keys.getPublic());
            return new ServerCredentials(keys.getPrivate(), List.of(cert));
        } catch (GeneralSecurityException e) {
            throw CortadoException.internal("streaming: cannot make a self-signed certificate", e);
        }
    }

    private static byte[] extensions(List<String> dnsNames, List<InetAddress> addresses) {
        List<byte[]> altNames = new ArrayList<>();
        for (String dns : dnsNames) {
            altNames.add(Der.tlv(0x82, dns.getBytes(StandardCharsets.US_ASCII))); // [2] dNSName
        }
        for (InetAddress address : addresses) {
            altNames.add(Der.tlv(0x87, address.getAddress())); // [7] iPAddress
        }
        return Der.concat(
                extension(SUBJECT_ALT_NAME, false, Der.sequence(altNames.toArray(byte[][]::new))),
                extension(BASIC_CONSTRAINTS, true, Der.sequence()), // not a CA
                extension(KEY_USAGE, true, Der.tlv(Der.BIT_STRING, new byte[] {7, (byte) 0x80})), // digitalSignature
                extension(EXT_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH))));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical
                ? Der.sequence(Der.oid(oid), new byte[] {0x01, 0x01, (byte) 0xFF}, Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }
}
