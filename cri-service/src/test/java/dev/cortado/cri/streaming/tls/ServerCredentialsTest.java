package dev.cortado.cri.streaming.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key pairs as openssl writes them, and each way a pair can be unusable, refused with the file named. */
class ServerCredentialsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsOpenSsl() {
        assumeTrue(OpenSsl.available(), "needs /usr/bin/openssl to make keys (Debian package openssl)");
    }

    private ServerCredentials loadWithKey(String name, String... genkey) throws Exception {
        OpenSsl.run(dir, genkey);
        Path key = dir.resolve(name + ".key");
        return ServerCredentials.load(OpenSsl.certificate(dir, name, key), key);
    }

    @Test
    void rsaPkcs8_loads() throws Exception {
        ServerCredentials c = loadWithKey(
                "rsa8", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa8.key");
        assertThat(Files.readString(dir.resolve("rsa8.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(c.key().getAlgorithm()).isEqualTo("RSA");
        assertThat(c.chain().get(0).getSubjectX500Principal().getName()).isEqualTo("CN=rsa8");
    }

    @Test
    void rsaPkcs1_loads() throws Exception {
        ServerCredentials c = loadWithKey("rsa1", "genrsa", "-traditional", "-out", "rsa1.key", "2048");
        assertThat(Files.readString(dir.resolve("rsa1.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(c.key().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void ecSec1WithParametersBlock_loads() throws Exception {
        ServerCredentials c = loadWithKey("ec1", "ecparam", "-name", "prime256v1", "-genkey", "-out", "ec1.key");
        assertThat(Files.readString(dir.resolve("ec1.key")))
                .contains("-----BEGIN EC PARAMETERS-----", "-----BEGIN EC PRIVATE KEY-----");
        assertThat(c.key().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void ecPkcs8_loads() throws Exception {
        ServerCredentials c = loadWithKey(
                "ec8", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "ec8.key");
        assertThat(c.key().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void keyOfAnotherCertificate_isRefused() throws Exception {
        OpenSsl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "a.key");
        OpenSsl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "b.key");
        Path cert = OpenSsl.certificate(dir, "a", dir.resolve("a.key"));
        assertInvalid(
                () -> ServerCredentials.load(cert, dir.resolve("b.key")),
                "streaming tls_key_file " + dir.resolve("b.key")
                        + ": the private key does not match the certificate in " + cert);
    }

    @Test
    void missingKeyFile_isRefusedNamingIt() throws Exception {
        OpenSsl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "a.key");
        Path cert = OpenSsl.certificate(dir, "a", dir.resolve("a.key"));
        assertInvalid(
                () -> ServerCredentials.load(cert, dir.resolve("gone.key")),
                "streaming tls_key_file " + dir.resolve("gone.key") + ": cannot read it: no such file");
    }

    @Test
    void encryptedKey_isRefused() throws Exception {
        OpenSsl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "a.key");
        Path cert = OpenSsl.certificate(dir, "a", dir.resolve("a.key"));
        OpenSsl.run(dir, "pkcs8", "-topk8", "-in", "a.key", "-out", "enc.key", "-passout", "pass:secret");
        assertInvalid(() -> ServerCredentials.load(cert, dir.resolve("enc.key")), "the key is encrypted");
    }

    @Test
    void badPem_isRefused() throws Exception {
        OpenSsl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "a.key");
        Path cert = OpenSsl.certificate(dir, "a", dir.resolve("a.key"));
        Path garbage = Files.writeString(
                dir.resolve("garbage.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertInvalid(
                () -> ServerCredentials.load(cert, garbage),
                "streaming tls_key_file " + garbage + ": the private key is not a valid");
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello\n");
        assertInvalid(() -> ServerCredentials.load(cert, notPem), "no PEM private key block");
        assertInvalid(
                () -> ServerCredentials.load(notPem, dir.resolve("a.key")),
                "streaming tls_cert_file " + notPem + ": no PEM CERTIFICATE block");
        Path badCert = Files.writeString(
                dir.resolve("bad.crt"), "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n");
        assertInvalid(() -> ServerCredentials.load(badCert, dir.resolve("a.key")), "not a valid PEM certificate");
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }
}
