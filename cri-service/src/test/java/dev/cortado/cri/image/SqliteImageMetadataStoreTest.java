package dev.cortado.cri.image;

import static dev.cortado.cri.image.JsonStoreFixture.BUSYBOX;
import static dev.cortado.cri.image.JsonStoreFixture.BUSYBOX_IMAGE;
import static dev.cortado.cri.image.JsonStoreFixture.PAUSE;
import static dev.cortado.cri.image.JsonStoreFixture.PAUSE_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.store.SqliteMetadataStore;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteImageMetadataStoreTest {
    @TempDir
    Path root;

    private SqliteMetadataStore metadata;
    private SqliteImageMetadataStore images;

    @BeforeEach
    void open() {
        metadata = SqliteMetadataStore.open(root.resolve(SqliteMetadataStore.FILE_NAME));
        images = SqliteImageMetadataStore.open(metadata.images(), root);
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    @Test
    void put_isReadBack_replaced_andDeleted() {
        images.put(PAUSE_IMAGE);
        images.put(BUSYBOX_IMAGE);
        assertThat(images.list()).containsExactly(BUSYBOX_IMAGE, PAUSE_IMAGE);
        Image untagged = BUSYBOX_IMAGE.withNames(List.of(), BUSYBOX_IMAGE.repoDigests(), false);
        images.put(untagged);
        assertThat(images.get(BUSYBOX)).contains(untagged);
        images.delete(BUSYBOX);
        images.delete(BUSYBOX);
        assertThat(images.get(BUSYBOX)).isEmpty();
        assertThat(images.list()).containsExactly(PAUSE_IMAGE);
    }

    @Test
    void imageWithoutADigestId_isRefused() {
        Image odd = new Image("busybox", List.of(), List.of(), 0, List.of(), List.of(), "", false);
        assertThatThrownBy(() -> images.put(odd))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        assertThat(images.list()).isEmpty();
    }

    @Test
    void recordThatDoesNotParse_isDataLossNamingTheImage() {
        metadata.images().put(PAUSE, "{\"id\":".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> images.list()).isInstanceOfSatisfying(CortadoException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.DATA_LOSS);
            assertThat(e.getMessage()).contains(PAUSE);
        });
    }
}
