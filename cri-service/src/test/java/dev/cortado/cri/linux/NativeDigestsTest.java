package dev.cortado.cri.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cri.image.reference.Digest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Security;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * OpenSSL's SHA-256 through JNA gives exactly the JDK's digests: FIPS 180-2 vectors, random data
 * fed in odd chunk sizes across its batch boundary, single bytes, buffers, reset and clone.
 */
class NativeDigestsTest {
    private final MessageDigest openssl = MessageDigest.getInstance("SHA-256", NativeDigests.load());
    private final MessageDigest jdk = MessageDigest.getInstance("SHA-256", "SUN");

    NativeDigestsTest() throws Exception {}

    @Test
    void knownVectors_matchFips180() {
        assertThat(hex(openssl.digest(ascii(""))))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(hex(openssl.digest(ascii("abc"))))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(hex(openssl.digest(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        for (int i = 0; i < 1_000_000; i++) {
            openssl.update((byte) 'a');
        }
        assertThat(hex(openssl.digest())).isEqualTo("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }

    @Test
    void randomData_inOddChunks_matchesTheJdk() {
        Random random = new Random(16);
        byte[] data = new byte[3 * OpenSslSha256.BATCH + 12_345];
        random.nextBytes(data);
        for (int chunk : new int[] {1, 7, 511, 512, 4097, OpenSslSha256.BATCH - 1, OpenSslSha256.BATCH + 3, 200_001}) {
            for (int offset = 0; offset < data.length; offset += chunk) {
                int n = Math.min(chunk, data.length - offset);
                openssl.update(data, offset, n);
                jdk.update(data, offset, n);
            }
            assertThat(hex(openssl.digest())).as("chunks of %d", chunk).isEqualTo(hex(jdk.digest()));
        }
    }

    @Test
    void buffersResetAndClone_behaveAsTheJdksDigest() throws Exception {
        byte[] head = new byte[OpenSslSha256.BATCH + 100];
        new Random(1).nextBytes(head);
        openssl.update(ascii("thrown away"));
        openssl.reset();
        openssl.update(ByteBuffer.wrap(head));
        jdk.update(head);
        openssl.update(ByteBuffer.allocateDirect(777).put(head, 0, 777).flip());
        jdk.update(head, 0, 777);

        MessageDigest copy = (MessageDigest) openssl.clone();
        openssl.update(ascii("one way"));
        copy.update(ascii("another"));
        MessageDigest jdkCopy = (MessageDigest) jdk.clone();
        jdk.update(ascii("one way"));
        jdkCopy.update(ascii("another"));

        assertThat(hex(openssl.digest())).isEqualTo(hex(jdk.digest()));
        assertThat(hex(copy.digest())).isEqualTo(hex(jdkCopy.digest()));
        assertThat(hex(openssl.digest())).isEqualTo(hex(jdk.digest())); // digest() reset both
        assertThat(openssl.getDigestLength()).isEqualTo(32);
    }

    @Test
    void install_makesDigestPreferIt_andLeavesTheDefaultToTheJdk() throws Exception {
        assertThat(NativeDigests.install()).isEmpty();
        assertThat(NativeDigests.install()).isEmpty(); // a second start in the same JVM
        assertThat(Digest.newSha256().getProvider().getName()).isEqualTo(Digest.NATIVE_PROVIDER);
        assertThat(MessageDigest.getInstance("SHA-256").getProvider().getName()).isNotEqualTo(Digest.NATIVE_PROVIDER);
        assertThat(Security.getProviders()[Security.getProviders().length - 1].getName())
                .isEqualTo(Digest.NATIVE_PROVIDER);
        assertThat(Digest.sha256("abc").hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
