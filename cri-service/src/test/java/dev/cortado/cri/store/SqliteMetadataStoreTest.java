package dev.cortado.cri.store;

import static dev.cortado.cri.store.ObjectKind.CONTAINER;
import static dev.cortado.cri.store.ObjectKind.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract against SQLite, plus what only a file can show: durability, pragmas, mode, closing. */
class SqliteMetadataStoreTest extends MetadataStoreContract {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(SqliteMetadataStore.FILE_NAME);
    }

    @Override
    protected MetadataStore newStore() {
        return SqliteMetadataStore.open(file());
    }

    @Test
    void committedWrites_surviveCloseAndReopen() {
        store.inTransaction(tx -> {
            tx.reserveName(SANDBOX, "web_default_uid_0", id('a'));
            tx.put(sandbox(id('a'), "pod"));
            tx.put(container(id('c'), id('a'), "ctr"));
            return null;
        });
        ((SqliteMetadataStore) store).images().put("sha256:" + id('1'), new byte[] {1, 2});
        store.close();
        store = SqliteMetadataStore.open(file());
        assertThat(store.get(SANDBOX, id('a'))).contains(sandbox(id('a'), "pod"));
        assertThat(store.list(CONTAINER)).containsExactly(container(id('c'), id('a'), "ctr"));
        assertThat(store.resolveId(SANDBOX, "aaa")).isEqualTo(id('a'));
        assertThat(store.<Optional<String>>inTransaction(tx -> tx.nameHolder(SANDBOX, "web_default_uid_0")))
                .contains(id('a'));
        assertThat(((SqliteMetadataStore) store).images().get("sha256:" + id('1')))
                .hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(1, 2));
    }

    @Test
    void connection_isWalWithFullSyncForeignKeysAndABusyTimeout() {
        try (SqliteDatabase db = DatabaseOpener.open(dir.resolve("pragmas.db"))) {
            Map<String, String> expected = Map.of(
                    "journal_mode",
                    "wal",
                    "synchronous",
                    "2",
                    "foreign_keys",
                    "1",
                    "busy_timeout",
                    Integer.toString(DatabaseOpener.BUSY_TIMEOUT_MS),
                    "user_version",
                    Integer.toString(SchemaMigrations.LATEST));
            expected.forEach((pragma, value) -> assertThat(
                            db.<String>read(c -> SqliteDatabase.queryString(c, "PRAGMA " + pragma)))
                    .as(pragma)
                    .isEqualTo(value));
        }
    }

    @Test
    void databaseFile_isReadableByRootOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file())))
                .isEqualTo("rw-------");
    }

    @Test
    void closedStore_isUnavailableNamingTheFile_andCloseIsIdempotent() {
        store.close();
        store.close();
        assertThatThrownBy(() -> store.list(SANDBOX)).isInstanceOfSatisfying(CortadoException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(e.getMessage()).contains(file().toString()).contains("closed");
        });
        assertThatThrownBy(() -> store.inTransaction(tx -> null)).isInstanceOf(CortadoException.class);
    }

    @Test
    void nestedTransaction_isRefused_andTheOuterOneRollsBack() {
        assertThatThrownBy(() -> store.inTransaction(tx -> {
                    tx.put(sandbox(id('a'), "outer"));
                    return store.inTransaction(inner -> null);
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nested");
        assertThat(store.list(SANDBOX)).isEmpty();
    }
}
