package dev.cortado.cri.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.image.reference.Digest;
import dev.cortado.cri.image.registry.FakeRegistry;
import dev.cortado.cri.image.registry.MediaTypes;
import dev.cortado.cri.image.registry.RegistryClient;
import dev.cortado.cri.image.registry.RegistryConfig;
import dev.cortado.cri.image.registry.RegistryHostConfig;
import dev.cortado.cri.image.unpack.FsOps;
import dev.cortado.cri.image.unpack.PlaceholderFsOps;
import dev.cortado.cri.image.unpack.TarBuilder;
import dev.cortado.cri.store.SqliteMetadataStore;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageServiceTest {
    @TempDir
    Path root;

    private FakeRegistry registry;
    private RegistryClient client;
    private SqliteMetadataStore metadata;
    private ImageService service;
    private final Set<String> inUse = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private TestImage image;
    private String ref;

    /** Creates placeholder files for whiteouts and devices, which would need root. */
    static final FsOps FAKE_FS = new PlaceholderFsOps();

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
        metadata = SqliteMetadataStore.open(root.resolve(SqliteMetadataStore.FILE_NAME));
        service = newService();
        byte[] base = new TarBuilder()
                .dir("bin", 0755)
                .file("bin/sh", "#!", 0755, e -> {})
                .file("etc/motd", "hi")
                .tar();
        byte[] top = new TarBuilder().file("etc/.wh.motd", "").file("app", "v1").tar();
        image = new TestImage()
                .layer(MediaTypes.OCI_LAYER_GZIP, base, TarBuilder.gzip(base))
                .layer(MediaTypes.OCI_LAYER_ZSTD, top, TarBuilder.zstd(top));
        push(image, "app", "v1");
        ref = registry.authority() + "/app:v1";
    }

    private ImageService newService() {
        return new ImageService(
                ImageStoreConfig.defaults(root).withPinnedImages(Set.of(registry.authority() + "/pause:3.9")),
                client,
                FAKE_FS,
                SqliteImageMetadataStore.open(metadata.images(), root),
                id -> inUse.contains(id) ? java.util.List.of("c0ffee") : java.util.List.of(),
                Clock.systemUTC());
    }

    private void push(TestImage img, String repo, String tag) {
        img.layers.forEach(l -> registry.putBlob(l.blob()));
        registry.putBlob(img.config());
        registry.putManifest(repo, tag, MediaTypes.OCI_MANIFEST, img.manifest());
    }

    @AfterEach
    void tearDown() {
        service.close();
        metadata.close();
        client.close();
        registry.close();
    }

    private long snapshotDirs() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("snapshots"))) {
            return s.count();
        }
    }

    @Test
    void pull_returnsConfigDigestAndImageIsFoundByTagIdAndDigest() throws IOException {
        Image pulled = service.pull(new PullRequest(ref, null, null));
        assertThat(pulled.id()).isEqualTo(image.configDigest().toString());
        assertThat(pulled.repoTags()).containsExactly(ref);
        assertThat(pulled.repoDigests())
                .containsExactly(registry.authority() + "/app@" + Digest.sha256(image.manifest()));
        assertThat(pulled.user()).isEqualTo("1000");
        assertThat(service.status(ref)).contains(pulled);
        assertThat(service.status(pulled.id())).contains(pulled);
        assertThat(service.status(pulled.id().substring(7))).contains(pulled);
        assertThat(service.status(pulled.repoDigests().get(0))).contains(pulled);
        assertThat(service.configJson(pulled)).contains("diff_ids");
        assertThat(snapshotDirs()).isEqualTo(2);
        Path top = service.layers(pulled).get(1).fs();
        assertThat(dev.cortado.cri.image.snapshot.OverlayMounts.options(
                        service.layers(pulled), root.resolve("u"), root.resolve("w")))
                .startsWith(
                        "lowerdir=" + top + ":" + service.layers(pulled).get(0).fs() + ",upperdir=");
        assertThat(Files.readString(top.resolve("app"))).isEqualTo("v1");
    }

    @Test
    void status_absentImage_isEmptyNotAnError() {
        assertThat(service.status("docker.io/library/nothing:here")).isEmpty();
    }

    @Test
    void images_surviveARestart() {
        Image pulled = service.pull(new PullRequest(ref, null, null));
        service.close();
        metadata.close();
        metadata = SqliteMetadataStore.open(root.resolve(SqliteMetadataStore.FILE_NAME));
        service = newService();
        assertThat(service.list("")).containsExactly(pulled);
    }

    @Test
    void remove_deletesAllTagsAndGarbageCollectsContentAndIsIdempotent() throws IOException {
        Image pulled = service.pull(new PullRequest(ref, null, null));
        registry.putManifest("app", "alias", MediaTypes.OCI_MANIFEST, image.manifest());
        service.pull(new PullRequest(registry.authority() + "/app:alias", null, null));
        assertThat(service.status(ref).orElseThrow().repoTags()).hasSize(2);
        service.remove(registry.authority() + "/app:alias");
        assertThat(service.list("")).isEmpty();
        assertThat(snapshotDirs()).isZero();
        try (Stream<Path> blobs = Files.list(root.resolve("content/blobs/sha256"))) {
            assertThat(blobs).isEmpty();
        }
        service.remove(ref);
        service.remove(pulled.id());
    }

    @Test
    void remove_imageUsedByContainer_isFailedPrecondition() {
        Image pulled = service.pull(new PullRequest(ref, null, null));
        inUse.add(pulled.id());
        assertThatThrownBy(() -> service.remove(ref)).isInstanceOfSatisfying(CortadoException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION);
            assertThat(e.getMessage()).contains("in use by container c0ffee");
        });
        assertThat(service.status(ref)).isPresent();
    }

    @Test
    void pull_wrongDiffId_failsAndLeavesNoSnapshot() throws IOException {
        TestImage bad = new TestImage()
                .layer(
                        MediaTypes.OCI_LAYER,
                        new TarBuilder().file("x", "1").tar(),
                        new TarBuilder().file("x", "1").tar());
        bad.diffIdOverride = List.of("\"" + Digest.sha256("not the tar") + "\"");
        push(bad, "bad", "v1");
        assertThatThrownBy(() -> service.pull(new PullRequest(registry.authority() + "/bad:v1", null, null)))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessageContaining("wrong diff id");
        assertThat(snapshotDirs()).isZero();
        assertThat(service.list("")).isEmpty();
    }

    @Test
    void pull_sameImageConcurrently_downloadsEachLayerOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Image>> pulls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                pulls.add(pool.submit(() -> service.pull(new PullRequest(ref, null, null))));
            }
            for (Future<Image> f : pulls) {
                assertThat(f.get().id()).isEqualTo(image.configDigest().toString());
            }
        } finally {
            pool.shutdownNow();
        }
        for (TestImage.Layer layer : image.layers) {
            assertThat(registry.seen.stream().filter(s -> s.path().endsWith("/blobs/" + layer.digest())))
                    .hasSize(1);
        }
    }

    @Test
    void pull_pastDeadline_isDeadlineExceeded() {
        assertThatThrownBy(() -> service.pull(new PullRequest(ref, null, java.time.Instant.EPOCH)))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.DEADLINE_EXCEEDED));
    }

    @Test
    void pull_pinnedImage_isFlaggedPinned() {
        push(image, "pause", "3.9");
        assertThat(service.pull(new PullRequest(registry.authority() + "/pause:3.9", null, null))
                        .pinned())
                .isTrue();
        assertThat(service.status(ref)).isEmpty();
    }

    @Test
    void imageFsUsage_countsContentAndSnapshots() {
        long before = service.imageFsUsage().usedBytes();
        service.pull(new PullRequest(ref, null, null));
        assertThat(service.imageFsUsage().usedBytes()).isGreaterThan(before);
        assertThat(service.imageFsUsage().mountpoint()).isEqualTo(root);
    }
}
