package dev.cortado.cri.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.cri.image.reference.Digest;
import dev.cortado.cri.image.registry.MediaTypes;
import dev.cortado.cri.image.registry.RegistryClient;
import dev.cortado.cri.image.registry.RegistryConfig;
import dev.cortado.cri.image.registry.RegistryHostConfig;
import dev.cortado.cri.image.unpack.TarBuilder;
import dev.cortado.cri.store.SqliteMetadataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls through Debian's real {@code docker-registry}: a three-layer busybox image (gzip, zstd and
 * plain layers, a whiteout) pushed by the test, by tag and through a manifest list.
 * Needs {@code apt-get install docker-registry busybox-static}; skipped with the reason otherwise.
 */
class RealRegistryPullTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    @TempDir
    Path dir;

    @Test
    void pull_threeLayerBusyboxImageAndManifestList_fromRealRegistry() throws Exception {
        assumeTrue(
                Files.isExecutable(LocalDockerRegistry.BINARY),
                "docker-registry not installed (apt-get install docker-registry)");
        assumeTrue(Files.isRegularFile(BUSYBOX), "busybox not installed (apt-get install busybox-static)");
        byte[] busybox = Files.readAllBytes(BUSYBOX);
        TarArchiveEntry bin = new TarArchiveEntry("bin/busybox");
        bin.setSize(busybox.length);
        bin.setMode(0755);
        byte[] base = new TarBuilder()
                .dir("bin", 0755)
                .entry(bin, busybox)
                .symlink("bin/sh", "busybox")
                .file("etc/motd", "old")
                .tar();
        byte[] middle = new TarBuilder()
                .file("etc/.wh.motd", "")
                .file("etc/hostname", "cortado")
                .tar();
        byte[] top = new TarBuilder()
                .file("app/run", "#!/bin/sh\necho hi\n", 0755, e -> {})
                .tar();
        TestImage image = new TestImage()
                .layer(MediaTypes.OCI_LAYER_GZIP, base, TarBuilder.gzip(base))
                .layer(MediaTypes.OCI_LAYER_ZSTD, middle, TarBuilder.zstd(middle))
                .layer(MediaTypes.OCI_LAYER, top, top);
        try (LocalDockerRegistry registry = new LocalDockerRegistry(Files.createDirectory(dir.resolve("registry")))) {
            for (TestImage.Layer layer : image.layers) {
                registry.pushBlob("test/busybox", layer.blob());
            }
            registry.pushBlob("test/busybox", image.config());
            String manifest = image.manifest();
            registry.pushManifest("test/busybox", "1", MediaTypes.OCI_MANIFEST, manifest);
            String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                    + "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + Digest.sha256(manifest)
                    + "\",\"size\":" + manifest.length()
                    + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
            registry.pushManifest("test/busybox", "multi", MediaTypes.OCI_INDEX, index);

            RegistryConfig config = RegistryConfig.defaults()
                    .withHosts(Map.of(
                            registry.authority,
                            RegistryHostConfig.builder().insecure(true).build()));
            Path root = Files.createDirectory(dir.resolve("state"));
            try (RegistryClient client = new RegistryClient(config, Clock.systemUTC());
                    SqliteMetadataStore metadata =
                            SqliteMetadataStore.open(root.resolve(SqliteMetadataStore.FILE_NAME));
                    ImageService service = new ImageService(
                            ImageStoreConfig.defaults(root),
                            client,
                            ImageServiceTest.FAKE_FS,
                            SqliteImageMetadataStore.open(metadata.images(), root),
                            id -> java.util.List.of(),
                            Clock.systemUTC())) {
                Image pulled = service.pull(new PullRequest(registry.authority + "/test/busybox:1", null, null));
                Image viaIndex = service.pull(new PullRequest(registry.authority + "/test/busybox:multi", null, null));
                assertThat(viaIndex.id())
                        .isEqualTo(pulled.id())
                        .isEqualTo(image.configDigest().toString());
                assertThat(service.status(registry.authority + "/test/busybox:multi")
                                .orElseThrow()
                                .repoTags())
                        .hasSize(2);
                var snapshots = new dev.cortado.cri.image.snapshot.SnapshotStore(root);
                List<Path> fs = pulled.chainIds().stream()
                        .map(c -> snapshots.get(Digest.parse(c)).orElseThrow().fs())
                        .toList();
                Path layer1 = fs.get(0);
                assertThat(Digest.sha256(Files.readAllBytes(layer1.resolve("bin/busybox"))))
                        .isEqualTo(Digest.sha256(busybox));
                assertThat(Files.readSymbolicLink(layer1.resolve("bin/sh")).toString())
                        .isEqualTo("busybox");
                assertThat(Files.getAttribute(layer1.resolve("bin/busybox"), "unix:mode"))
                        .isEqualTo(0100755);
                assertThat(Files.readString(fs.get(1).resolve("etc/hostname"))).isEqualTo("cortado");
                assertThat(fs.get(1).resolve("etc/motd")).exists(); // the whiteout node
                assertThat(fs.get(2).resolve("app/run")).isExecutable();
                service.remove(pulled.id());
                assertThat(service.list("")).isEmpty();
            }
        }
    }
}
