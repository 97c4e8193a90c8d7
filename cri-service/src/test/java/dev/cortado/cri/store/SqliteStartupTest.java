package dev.cortado.cri.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database cortado cannot trust stops the start with the file's name and what to do; it is never reset. */
class SqliteStartupTest {
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(SqliteMetadataStore.FILE_NAME);
    }

    @Test
    void fileThatIsNotADatabase_isDataLossNamingTheFile_andIsLeftAsItWas() throws Exception {
        byte[] garbage = "this is not sqlite, it was overwritten by something else\n"
                .repeat(200)
                .getBytes(StandardCharsets.UTF_8);
        Files.write(file(), garbage);
        assertThatThrownBy(() -> SqliteMetadataStore.open(file())).isInstanceOfSatisfying(CortadoException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.DATA_LOSS);
            assertThat(e.getMessage())
                    .contains(file().toString())
                    .contains("not reset")
                    .contains("restore")
                    .contains("move it aside");
        });
        assertThat(Files.readAllBytes(file())).isEqualTo(garbage);
    }

    @Test
    void databaseWithADamagedPage_isDataLossNamingTheFile() throws Exception {
        try (SqliteMetadataStore store = SqliteMetadataStore.open(file())) {
            store.inTransaction(tx -> {
                for (int i = 0; i < 200; i++) {
                    tx.put(new StoredObject(
                            ObjectKind.SANDBOX, String.format("%064x", i), Optional.empty(), new byte[300]));
                }
                return null;
            });
        }
        long size = Files.size(file());
        assertThat(size).as("closing checkpoints the WAL into the file").isGreaterThan(4L * PAGE);
        try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
            byte[] junk = new byte[PAGE];
            Arrays.fill(junk, (byte) 0x5a);
            for (long page = 1; page * PAGE < size; page++) {
                raf.seek(page * PAGE);
                raf.write(junk);
            }
        }
        assertThatThrownBy(() -> SqliteMetadataStore.open(file())).isInstanceOfSatisfying(CortadoException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.DATA_LOSS);
            assertThat(e.getMessage())
                    .contains(file().toString())
                    .contains("corrupt")
                    .contains("not reset");
        });
    }

    @Test
    void schemaNewerThanThisBuild_isFailedPreconditionNamingBothVersions_andTheFileIsUntouched() throws Exception {
        try (SqliteDatabase db = DatabaseOpener.open(file())) {
            db.read(c -> {
                SqliteDatabase.execute(c, "PRAGMA user_version = " + (SchemaMigrations.LATEST + 1));
                SqliteDatabase.execute(c, "CREATE TABLE from_the_future (x)");
                return null;
            });
        }
        byte[] before = Files.readAllBytes(file());
        assertThatThrownBy(() -> SqliteMetadataStore.open(file())).isInstanceOfSatisfying(CortadoException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION);
            assertThat(e.getMessage())
                    .contains(file().toString())
                    .contains("schema version " + (SchemaMigrations.LATEST + 1))
                    .contains(Integer.toString(SchemaMigrations.LATEST))
                    .contains("newer");
        });
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
    }

    @Test
    void emptyFile_isMigratedToTheLatestSchema() throws Exception {
        Files.createFile(file());
        try (SqliteDatabase db = DatabaseOpener.open(file())) {
            assertThat(db.<String>read(c -> SqliteDatabase.queryString(c, "PRAGMA user_version")))
                    .isEqualTo(Integer.toString(SchemaMigrations.LATEST));
            assertThat(
                            db.<String>read(
                                    c -> SqliteDatabase.queryString(
                                            c,
                                            "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name)")))
                    .isEqualTo("containers,images,names,sandboxes");
        }
    }

    @Test
    void directoryThatDoesNotExist_isUnavailableNamingTheFile() {
        Path missing = dir.resolve("no/such/dir/cortado.db");
        assertThatThrownBy(() -> SqliteMetadataStore.open(missing))
                .isInstanceOfSatisfying(CortadoException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains(missing.toString());
                });
    }
}
