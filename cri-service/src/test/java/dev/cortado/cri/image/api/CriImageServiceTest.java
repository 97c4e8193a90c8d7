package dev.cortado.cri.image.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.api.cri.v1.AuthConfig;
import dev.cortado.api.cri.v1.ImageFilter;
import dev.cortado.api.cri.v1.ImageFsInfoRequest;
import dev.cortado.api.cri.v1.ImageFsInfoResponse;
import dev.cortado.api.cri.v1.ImageSpec;
import dev.cortado.api.cri.v1.ImageStatusRequest;
import dev.cortado.api.cri.v1.ImageStatusResponse;
import dev.cortado.api.cri.v1.ListImagesRequest;
import dev.cortado.api.cri.v1.ListImagesResponse;
import dev.cortado.api.cri.v1.PullImageRequest;
import dev.cortado.api.cri.v1.PullImageResponse;
import dev.cortado.api.cri.v1.RemoveImageRequest;
import dev.cortado.api.cri.v1.StreamImagesRequest;
import dev.cortado.api.cri.v1.StreamImagesResponse;
import dev.cortado.cri.image.ImageService;
import dev.cortado.cri.image.ImageStoreConfig;
import dev.cortado.cri.image.SqliteImageMetadataStore;
import dev.cortado.cri.image.reference.Digest;
import dev.cortado.cri.image.registry.FakeRegistry;
import dev.cortado.cri.image.registry.MediaTypes;
import dev.cortado.cri.image.registry.RegistryClient;
import dev.cortado.cri.image.registry.RegistryConfig;
import dev.cortado.cri.image.registry.RegistryHostConfig;
import dev.cortado.cri.image.unpack.TarBuilder;
import dev.cortado.cri.store.SqliteMetadataStore;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriImageServiceTest {
    @TempDir
    Path root;

    private FakeRegistry registry;
    private RegistryClient client;
    private SqliteMetadataStore metadata;
    private ImageService images;
    private CriImageService cri;
    private String ref;
    private Digest configDigest;

    /** Collects what a unary or streaming call answered. */
    static final class Recorder<T> implements StreamObserver<T> {
        final List<T> values = new ArrayList<>();
        boolean completed;

        @Override
        public void onNext(T value) {
            values.add(value);
        }

        @Override
        public void onError(Throwable t) {
            throw new AssertionError(t);
        }

        @Override
        public void onCompleted() {
            completed = true;
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        registry = new FakeRegistry();
        registry.requireBasic("kube", "let-me-in");
        byte[] tar = new TarBuilder().file("hello", "world").tar();
        Digest layer = registry.putBlob(tar);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"65534:65534\"},"
                        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(tar) + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        configDigest = registry.putBlob(config);
        registry.putManifest(
                "app",
                "v1",
                MediaTypes.OCI_MANIFEST,
                "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                        + "\",\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + configDigest
                        + "\",\"size\":"
                        + config.length + "},\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER + "\",\"digest\":\""
                        + layer
                        + "\",\"size\":" + tar.length + "}]}");
        client = new RegistryClient(
                RegistryConfig.defaults()
                        .withHosts(Map.of(
                                registry.authority(),
                                RegistryHostConfig.builder().insecure(true).build())),
                Clock.systemUTC());
        metadata = SqliteMetadataStore.open(root.resolve(SqliteMetadataStore.FILE_NAME));
        images = new ImageService(
                ImageStoreConfig.defaults(root),
                client,
                new dev.cortado.cri.image.unpack.PlaceholderFsOps(),
                SqliteImageMetadataStore.open(metadata.images(), root),
                id -> java.util.List.of(),
                Clock.systemUTC());
        cri = new CriImageService(images);
        ref = registry.authority() + "/app:v1";
    }

    @AfterEach
    void tearDown() {
        images.close();
        metadata.close();
        client.close();
        registry.close();
    }

    private static ImageSpec spec(String image) {
        return ImageSpec.newBuilder().setImage(image).build();
    }

    private String pull() {
        Recorder<PullImageResponse> pulled = new Recorder<>();
        String auth = java.util.Base64.getEncoder().encodeToString("kube:let-me-in".getBytes(StandardCharsets.UTF_8));
        cri.pullImage(
                PullImageRequest.newBuilder()
                        .setImage(spec(ref))
                        .setAuth(AuthConfig.newBuilder().setAuth(auth).setServerAddress(registry.authority()))
                        .build(),
                pulled);
        return pulled.values.get(0).getImageRef();
    }

    @Test
    void pullImage_withAuthField_returnsTheImageIdThatStatusFinds() {
        String id = pull();
        assertThat(id).isEqualTo(configDigest.toString());
        Recorder<ImageStatusResponse> status = new Recorder<>();
        cri.imageStatus(
                ImageStatusRequest.newBuilder()
                        .setImage(spec(id))
                        .setVerbose(true)
                        .build(),
                status);
        var image = status.values.get(0).getImage();
        assertThat(image.getRepoTagsList()).containsExactly(ref);
        assertThat(image.getUid().getValue()).isEqualTo(65534);
        assertThat(image.getSpec().getImage()).isEqualTo(id);
        assertThat(status.values.get(0).getInfoMap().get("info")).contains("diff_ids");
    }

    @Test
    void imageStatus_absent_isEmptyImageNotError() {
        Recorder<ImageStatusResponse> status = new Recorder<>();
        cri.imageStatus(
                ImageStatusRequest.newBuilder().setImage(spec("nothing:here")).build(), status);
        assertThat(status.values.get(0).hasImage()).isFalse();
    }

    @Test
    void listAndStreamImages_applyTheFilter() {
        pull();
        Recorder<ListImagesResponse> all = new Recorder<>();
        cri.listImages(ListImagesRequest.getDefaultInstance(), all);
        assertThat(all.values.get(0).getImagesCount()).isEqualTo(1);
        Recorder<StreamImagesResponse> none = new Recorder<>();
        cri.streamImages(
                StreamImagesRequest.newBuilder()
                        .setFilter(ImageFilter.newBuilder().setImage(spec("other:1")))
                        .build(),
                none);
        assertThat(none.values).isEmpty();
        assertThat(none.completed).isTrue();
    }

    @Test
    void removeImage_twice_succeedsBothTimes() {
        String id = pull();
        cri.removeImage(RemoveImageRequest.newBuilder().setImage(spec(ref)).build(), new Recorder<>());
        cri.removeImage(RemoveImageRequest.newBuilder().setImage(spec(id)).build(), new Recorder<>());
        Recorder<ListImagesResponse> all = new Recorder<>();
        cri.listImages(ListImagesRequest.getDefaultInstance(), all);
        assertThat(all.values.get(0).getImagesCount()).isZero();
    }

    @Test
    void pullImage_emptySpec_isInvalidArgument() {
        assertThatThrownBy(() -> cri.pullImage(PullImageRequest.getDefaultInstance(), new Recorder<>()))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }

    @Test
    void imageFsInfo_reportsImageAndContainerFilesystems() throws IOException {
        pull();
        Files.createDirectories(root.resolve("containers/c1/upper"));
        Recorder<ImageFsInfoResponse> info = new Recorder<>();
        cri.imageFsInfo(ImageFsInfoRequest.getDefaultInstance(), info);
        var response = info.values.get(0);
        assertThat(response.getImageFilesystems(0).getUsedBytes().getValue()).isPositive();
        assertThat(response.getImageFilesystems(0).getFsId().getMountpoint()).isEqualTo(root.toString());
        assertThat(response.getContainerFilesystems(0).getInodesUsed().getValue())
                .isEqualTo(3);
    }
}
