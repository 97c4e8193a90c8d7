package dev.cortado.cri.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.image.registry.FakeRegistry;
import dev.cortado.cri.image.registry.MediaTypes;
import dev.cortado.cri.image.registry.RegistryClient;
import dev.cortado.cri.image.registry.RegistryConfig;
import dev.cortado.cri.image.registry.RegistryHostConfig;
import dev.cortado.cri.image.unpack.TarBuilder;
import dev.cortado.cri.store.SqliteMetadataStore;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the image service tells its {@link PullRecorder}: each pull's outcome and the bytes it really downloaded. */
class PullRecorderTest {
    @TempDir
    Path root;

    /** Records what it is told. */
    static final class Recording implements PullRecorder {
        final AtomicLong bytes = new AtomicLong();
        final List<Optional<ErrorKind>> outcomes = new CopyOnWriteArrayList<>();

        @Override
        public Pull started() {
            return outcomes::add;
        }

        @Override
        public void downloaded(long count) {
            bytes.addAndGet(count);
        }
    }

    @Test
    void pulls_reportTheirOutcome_andOnlyTheBytesFetched() throws Exception {
        byte[] layer = new TarBuilder().file("etc/motd", "counted").tar();
        TestImage image = new TestImage().layer(MediaTypes.OCI_LAYER_GZIP, layer, TarBuilder.gzip(layer));
        Recording recorder = new Recording();
        try (FakeRegistry registry = new FakeRegistry();
                RegistryClient client = new RegistryClient(
                        RegistryConfig.defaults()
                                .withHosts(Map.of(
                                        registry.authority(), new RegistryHostConfig(List.of(), true, null, null)))
                                .withTiming(Duration.ofSeconds(30), Duration.ofMillis(1)),
                        Clock.systemUTC());
                SqliteMetadataStore metadata = SqliteMetadataStore.open(root.resolve(SqliteMetadataStore.FILE_NAME));
                ImageService service = new ImageService(
                        ImageStoreConfig.defaults(root),
                        client,
                        ImageServiceTest.FAKE_FS,
                        SqliteImageMetadataStore.open(metadata.images(), root),
                        id -> List.of(),
                        Clock.systemUTC(),
                        recorder)) {
            image.layers.forEach(l -> registry.putBlob(l.blob()));
            registry.putBlob(image.config());
            registry.putManifest("app", "v1", MediaTypes.OCI_MANIFEST, image.manifest());

            service.pull(new PullRequest(registry.authority() + "/app:v1", null, null));
            assertThat(recorder.outcomes).containsExactly(Optional.empty());
            assertThat(recorder.bytes).hasValue(image.layers.get(0).blob().length + image.config().length);

            service.pull(new PullRequest(registry.authority() + "/app:v1", null, null)); // every blob is stored
            assertThat(recorder.bytes).hasValue(image.layers.get(0).blob().length + image.config().length);

            assertThatThrownBy(() -> service.pull(new PullRequest(registry.authority() + "/app:v2", null, null)))
                    .isInstanceOf(CortadoException.class);
            assertThat(recorder.outcomes)
                    .containsExactly(Optional.empty(), Optional.empty(), Optional.of(ErrorKind.NOT_FOUND));
        }
    }
}
