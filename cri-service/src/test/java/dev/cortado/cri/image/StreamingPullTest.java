package dev.cortado.cri.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.image.registry.FakeRegistry;
import dev.cortado.cri.image.registry.MediaTypes;
import dev.cortado.cri.image.registry.RegistryClient;
import dev.cortado.cri.image.registry.RegistryConfig;
import dev.cortado.cri.image.registry.RegistryHostConfig;
import dev.cortado.cri.image.unpack.TarBuilder;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers unpacked while they download: only a verified blob's unpack becomes a snapshot. */
class StreamingPullTest {
    @TempDir
    Path root;

    private FakeRegistry registry;
    private RegistryClient client;
    private ImageService service;

    @BeforeEach
    void setUp() throws IOException {
        registry = new FakeRegistry();
        client = new RegistryClient(
                RegistryConfig.defaults()
                        .withHosts(Map.of(
                                registry.authority(),
                                RegistryHostConfig.builder().insecure(true).build()))
                        .withTiming(Duration.ofSeconds(30), Duration.ofMillis(1)),
                Clock.systemUTC());
        service = new ImageService(
                ImageStoreConfig.defaults(root),
                client,
                ImageServiceTest.FAKE_FS,
                new MemoryImageRecords(),
                id -> List.of(),
                Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        service.close();
        client.close();
        registry.close();
    }

    @Test
    void pull_largeLayer_isUnpackedWhileItDownloads_andStored() throws IOException {
        byte[] data = new byte[5 << 20]; // more than the pipe holds: the unpack must keep up
        new Random(1).nextBytes(data);
        byte[] tar = new TarBuilder()
                .dir("data", 0755)
                .entry(fileEntry("data/blob", data.length), data)
                .tar();
        TestImage image = new TestImage().layer(MediaTypes.OCI_LAYER_GZIP, tar, TarBuilder.gzip(tar));
        push(image, "big");

        Image pulled = service.pull(new PullRequest(registry.authority() + "/big:v1", null, null));

        Path fs = service.layers(pulled).get(0).dir().resolve("fs");
        assertThat(Files.readAllBytes(fs.resolve("data/blob"))).isEqualTo(data);
        assertThat(root.resolve(
                        "content/blobs/sha256/" + image.layers.get(0).digest().hex()))
                .exists();
    }

    @Test
    void pull_blobWhoseBytesMissItsDigest_failsAndLeavesNoSnapshotNorBlob() throws IOException {
        byte[] tar = new TarBuilder().file("etc/motd", "one").tar();
        byte[] forged = new TarBuilder().file("etc/motd", "two").tar(); // as long, other bytes
        TestImage image = new TestImage().layer(MediaTypes.OCI_LAYER, tar, tar);
        push(image, "forged");
        registry.putBlobAs(image.layers.get(0).digest(), forged);

        assertThatThrownBy(() -> service.pull(new PullRequest(registry.authority() + "/forged:v1", null, null)))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessageContaining(image.layers.get(0).digest().toString());
        assertThat(entries(root.resolve("snapshots"))).isEmpty();
        assertThat(root.resolve(
                        "content/blobs/sha256/" + image.layers.get(0).digest().hex()))
                .doesNotExist();
    }

    @Test
    void pull_unpackFailsEarly_stopsTheDownloadAndStoresNothing() throws IOException {
        byte[] data = new byte[8 << 20];
        new Random(2).nextBytes(data);
        byte[] tar = new TarBuilder()
                .hardlink("escape", "../../etc/passwd-not-in-layer")
                .entry(fileEntry("data", data.length), data)
                .tar();
        TestImage image = new TestImage().layer(MediaTypes.OCI_LAYER, tar, tar);
        push(image, "bad");

        assertThatThrownBy(() -> service.pull(new PullRequest(registry.authority() + "/bad:v1", null, null)))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("hardlink escape");
        assertThat(entries(root.resolve("snapshots"))).isEmpty();
        assertThat(root.resolve(
                        "content/blobs/sha256/" + image.layers.get(0).digest().hex()))
                .doesNotExist();
    }

    private void push(TestImage image, String repo) {
        image.layers.forEach(l -> registry.putBlob(l.blob()));
        registry.putBlob(image.config());
        registry.putManifest(repo, "v1", MediaTypes.OCI_MANIFEST, image.manifest());
    }

    private static org.apache.commons.compress.archivers.tar.TarArchiveEntry fileEntry(String name, long size) {
        org.apache.commons.compress.archivers.tar.TarArchiveEntry e =
                new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name);
        e.setSize(size);
        e.setMode(0100644);
        return e;
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
