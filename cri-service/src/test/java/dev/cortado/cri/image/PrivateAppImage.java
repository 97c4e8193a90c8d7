package dev.cortado.cri.image;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.cri.image.registry.MediaTypes;
import dev.cortado.cri.image.unpack.TarBuilder;
import java.io.IOException;
import java.nio.file.Files;

/**
 * The one-layer image the registry auth tests pull, pushed as {@code private/app:1} into a
 * {@link LocalDockerRegistry} that wants credentials for it.
 */
final class PrivateAppImage {
    /** The repository the image is pushed to (and the scope its tokens are for). */
    static final String REPOSITORY = "private/app";

    private final TestImage image;
    private final String ref;

    private PrivateAppImage(TestImage image, String ref) {
        this.image = image;
        this.ref = ref;
    }

    /** Skips the calling test, with the reason, when Debian's docker-registry is not installed. */
    static void assumeRegistryInstalled() {
        assumeTrue(
                Files.isExecutable(LocalDockerRegistry.BINARY),
                "docker-registry not installed (apt-get install docker-registry)");
    }

    /** Builds the image and pushes its layer, config and manifest (tag {@code 1}) into {@code registry}. */
    static PrivateAppImage pushTo(LocalDockerRegistry registry) throws IOException, InterruptedException {
        byte[] layer = new TarBuilder().file("etc/hostname", "cortado").tar();
        TestImage image = new TestImage().layer(MediaTypes.OCI_LAYER_GZIP, layer, TarBuilder.gzip(layer));
        registry.pushBlob(REPOSITORY, image.layers.get(0).blob());
        registry.pushBlob(REPOSITORY, image.config());
        registry.pushManifest(REPOSITORY, "1", MediaTypes.OCI_MANIFEST, image.manifest());
        return new PrivateAppImage(image, registry.authority + "/" + REPOSITORY + ":1");
    }

    /** The reference to pull, {@code <registry authority>/private/app:1}. */
    String ref() {
        return ref;
    }

    /** The image id a successful pull must report: the digest of the pushed config. */
    String id() {
        return image.configDigest().toString();
    }
}
