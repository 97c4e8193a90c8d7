package dev.cortado.cri.image.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
    private static final String HEX = "a".repeat(64);

    @ParameterizedTest
    @CsvSource({
        "busybox, docker.io/library/busybox:latest",
        "busybox:1.36, docker.io/library/busybox:1.36",
        "library/busybox, docker.io/library/busybox:latest",
        "index.docker.io/library/busybox, docker.io/library/busybox:latest",
        "docker.io/foo/bar:v1, docker.io/foo/bar:v1",
        "registry.k8s.io/pause:3.9, registry.k8s.io/pause:3.9",
        "localhost:5000/a/b/c, localhost:5000/a/b/c:latest",
        "localhost/x:y, localhost/x:y",
        "127.0.0.1:5000/x, 127.0.0.1:5000/x:latest",
    })
    void parse_normalisesLikeDocker(String input, String expected) {
        assertThat(ImageReference.parse(input).toString()).isEqualTo(expected);
    }

    @Test
    void parse_digestOnly_hasNoTag() {
        ImageReference ref = ImageReference.parse("busybox@sha256:" + HEX);
        assertThat(ref.tag()).isNull();
        assertThat(ref.manifestReference()).isEqualTo("sha256:" + HEX);
        assertThat(ref.toString()).isEqualTo("docker.io/library/busybox@sha256:" + HEX);
    }

    @Test
    void parse_tagAndDigest_keepsBothAndFetchesByDigest() {
        ImageReference ref = ImageReference.parse("quay.io/a/b:1@sha256:" + HEX);
        assertThat(ref.tag()).isEqualTo("1");
        assertThat(ref.manifestReference()).startsWith("sha256:");
    }

    @Test
    void registryHost_dockerHub_isRegistry1() {
        assertThat(ImageReference.parse("busybox").registryHost()).isEqualTo("registry-1.docker.io");
        assertThat(ImageReference.parse("ghcr.io/a/b").registryHost()).isEqualTo("ghcr.io");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "UPPER", "a//b", "a:b:c:d", "busybox@sha256:xyz", "busybox@md5:" + "a", "-a", "a/b:-t"})
    void parse_invalid_isInvalidArgument(String input) {
        assertThatThrownBy(() -> ImageReference.parse(input))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }

    @Test
    void digest_sha256OfBytes_matchesKnownValue() {
        assertThat(Digest.sha256("").toString())
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
