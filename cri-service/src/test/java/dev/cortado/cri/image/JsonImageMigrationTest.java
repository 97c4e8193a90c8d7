package dev.cortado.cri.image;

import static dev.cortado.cri.image.JsonStoreFixture.BUSYBOX;
import static dev.cortado.cri.image.JsonStoreFixture.BUSYBOX_IMAGE;
import static dev.cortado.cri.image.JsonStoreFixture.PAUSE_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.store.SqliteMetadataStore;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first start with the metadata database moves the JSON image records into it, then removes them. */
class JsonImageMigrationTest {
    @TempDir
    Path root;

    private SqliteMetadataStore metadata;

    @BeforeEach
    void open() {
        metadata = SqliteMetadataStore.open(root.resolve(SqliteMetadataStore.FILE_NAME));
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    @Test
    void recordsWrittenByTheJsonStore_areInTheDatabase_andTheFilesAreGone() throws Exception {
        Path dir = JsonStoreFixture.writeInto(root);
        SqliteImageMetadataStore images = SqliteImageMetadataStore.open(metadata.images(), root);
        assertThat(images.list()).containsExactly(BUSYBOX_IMAGE, PAUSE_IMAGE);
        assertThat(images.get(BUSYBOX)).contains(BUSYBOX_IMAGE);
        assertThat(dir).doesNotExist();

        metadata.close();
        metadata = SqliteMetadataStore.open(root.resolve(SqliteMetadataStore.FILE_NAME));
        assertThat(SqliteImageMetadataStore.open(metadata.images(), root).list())
                .as("after a restart")
                .containsExactly(BUSYBOX_IMAGE, PAUSE_IMAGE);
    }

    @Test
    void aTornTempFile_isNoRecord_andIsRemovedToo() throws Exception {
        Path dir = JsonStoreFixture.writeInto(root);
        Files.writeString(dir.resolve("3".repeat(64) + ".json.tmp"), "{\"id\":\"sha256:33");
        assertThat(SqliteImageMetadataStore.open(metadata.images(), root).list())
                .hasSize(2);
        assertThat(dir).doesNotExist();
    }

    @Test
    void aFileThatDoesNotParse_stopsTheStartNamingIt_andNothingMoves() throws Exception {
        Path dir = JsonStoreFixture.writeInto(root);
        Path bad = dir.resolve("9".repeat(64) + ".json");
        Files.writeString(bad, "{\"id\": \"sha256:" + "9".repeat(64) + "\", \"repoTags\": [");
        assertThatThrownBy(() -> SqliteImageMetadataStore.open(metadata.images(), root))
                .isInstanceOfSatisfying(CortadoException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.DATA_LOSS);
                    assertThat(e.getMessage()).contains(bad.toString());
                });
        assertThat(metadata.images().list()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(3);
        }
    }

    @Test
    void aRecordUnderAnotherIdsName_isRefused() throws Exception {
        Path dir = JsonStoreFixture.writeInto(root);
        Files.move(dir.resolve(BUSYBOX.substring(7) + ".json"), dir.resolve("8".repeat(64) + ".json"));
        assertThatThrownBy(() -> SqliteImageMetadataStore.open(metadata.images(), root))
                .isInstanceOfSatisfying(
                        CortadoException.class,
                        e -> assertThat(e.getMessage()).contains("8".repeat(64)).contains("does not match"));
        assertThat(metadata.images().list()).isEmpty();
    }

    @Test
    void filesLeftByACrashAfterTheCommit_doNotOverwriteTheDatabase() throws Exception {
        SqliteImageMetadataStore images = SqliteImageMetadataStore.open(metadata.images(), root);
        Image retagged = BUSYBOX_IMAGE.withNames(List.of("docker.io/library/busybox:stable"), List.of(), false);
        images.put(retagged);
        JsonStoreFixture.writeInto(root);
        images = SqliteImageMetadataStore.open(metadata.images(), root);
        assertThat(images.list()).containsExactly(retagged, PAUSE_IMAGE);
        assertThat(root.resolve("images")).doesNotExist();
    }

    @Test
    void noJsonDirectory_isNothingToDo() {
        assertThat(SqliteImageMetadataStore.open(metadata.images(), root).list())
                .isEmpty();
    }
}
