package dev.cortado.cri.streaming.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DER written by hand parses as an X.509 v3 certificate the JDK verifies, with the names asked for. */
class SelfSignedCertificateTest {
    @Test
    void generate_isAValidV3CertificateForTheNamesAndAddresses() throws Exception {
        Instant now = Instant.parse("2026-12-03T15:00:00Z");
        ServerCredentials c = SelfSignedCertificate.generate(
                List.of("localhost", "node-1"),
                List.of(
                        InetAddress.getByName("127.0.0.1"),
                        InetAddress.getByName("::1"),
                        InetAddress.getByName("10.0.0.7")),
                now);
        var cert = c.chain().get(0);
        assertThat(cert.getVersion()).isEqualTo(3);
        cert.verify(cert.getPublicKey());
        assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getSubjectAlternativeNames())
                .extracting(n -> (Object) n.get(1))
                .containsExactly((Object) "localhost", "node-1", "127.0.0.1", "0:0:0:0:0:0:0:1", "10.0.0.7");
        assertThat(cert.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
        cert.checkValidity(Date.from(now));
        cert.checkValidity(Date.from(now.plus(SelfSignedCertificate.VALIDITY).minusSeconds(1)));
        assertThat(ServerCredentials.matches(c.key(), cert.getPublicKey())).isTrue();
    }

    @Test
    void generate_twice_differentKeysAndSerials() {
        var a = SelfSignedCertificate.generate(List.of("localhost"), List.of(), Instant.now())
                .chain()
                .get(0);
        var b = SelfSignedCertificate.generate(List.of("localhost"), List.of(), Instant.now())
                .chain()
                .get(0);
        assertThat(a.getSerialNumber()).isNotEqualTo(b.getSerialNumber());
        assertThat(a.getPublicKey()).isNotEqualTo(b.getPublicKey());
    }
}
