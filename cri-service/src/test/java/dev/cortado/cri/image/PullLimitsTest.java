package dev.cortado.cri.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.image.registry.FakeRegistry;
import dev.cortado.cri.image.registry.MediaTypes;
import dev.cortado.cri.image.registry.RegistryClient;
import dev.cortado.cri.image.registry.RegistryConfig;
import dev.cortado.cri.image.registry.RegistryHostConfig;
import dev.cortado.cri.image.unpack.Bombs;
import dev.cortado.cri.image.unpack.TarBuilder;
import dev.cortado.cri.image.unpack.UnpackLimits;
import dev.cortado.cri.store.SqliteMetadataStore;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pull whose layer is a decompression bomb stops, leaves no snapshot behind and names the limit. */
class PullLimitsTest {
    @TempDir
    Path root;

    @Test
    void pull_ofABombLayer_stopsAtTheLayerLimit_andRemovesThePartialSnapshot() throws Exception {
        byte[] bomb;
        try (InputStream in = Bombs.gzipOfZeros("zeros", 1)) { // 64 MiB of zeros in ~64 KiB
            bomb = in.readAllBytes();
        }
        byte[] base = new TarBuilder().file("etc/motd", "hi").tar();
        TestImage image = new TestImage()
                .layer(MediaTypes.OCI_LAYER_GZIP, base, TarBuilder.gzip(base))
                .layer(MediaTypes.OCI_LAYER_GZIP, base, bomb);
        try (FakeRegistry registry = new FakeRegistry()) {
            image.layers.forEach(l -> registry.putBlob(l.blob()));
            registry.putBlob(image.config());
            registry.putManifest("bomb", "1", MediaTypes.OCI_MANIFEST, image.manifest());
            UnpackLimits limits = new UnpackLimits(1000, 8 << 20, 4096, 1L << 30, 100_000, 0);
            ImageStoreConfig store = new ImageStoreConfig(root, 3, 20L << 20, 127, limits, Set.of(), false);
            try (SqliteMetadataStore metadata = SqliteMetadataStore.open(root.resolve(SqliteMetadataStore.FILE_NAME));
                    RegistryClient client = new RegistryClient(
                            RegistryConfig.defaults()
                                    .withHosts(Map.of(
                                            registry.authority(),
                                            RegistryHostConfig.builder()
                                                    .insecure(true)
                                                    .build())),
                            Clock.systemUTC());
                    ImageService service = new ImageService(
                            store,
                            client,
                            ImageServiceTest.FAKE_FS,
                            SqliteImageMetadataStore.open(metadata.images(), root),
                            id -> java.util.List.of(),
                            Clock.systemUTC())) {
                assertThatThrownBy(() -> service.pull(new PullRequest(registry.authority() + "/bomb:1", null, null)))
                        .isInstanceOfSatisfying(
                                CortadoException.class,
                                e -> assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_EXHAUSTED))
                        .hasMessageContaining("pull of " + registry.authority() + "/bomb:1 stopped")
                        .hasMessageContaining(image.layers.get(1).blob().length + " bytes")
                        .hasMessageContaining("per-layer limit; raise image.max_layer_unpacked_bytes");
                assertThat(service.list("")).isEmpty();
                try (Stream<Path> snapshots = Files.list(root.resolve("snapshots"))) {
                    assertThat(snapshots.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("tmp-"));
                }
            }
        }
    }
}
