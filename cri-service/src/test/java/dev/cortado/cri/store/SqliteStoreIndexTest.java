package dev.cortado.cri.store;

import static dev.cortado.cri.store.MetadataStoreContract.container;
import static dev.cortado.cri.store.MetadataStoreContract.id;
import static dev.cortado.cri.store.MetadataStoreContract.sandbox;
import static dev.cortado.cri.store.ObjectKind.CONTAINER;
import static dev.cortado.cri.store.ObjectKind.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index contract against SQLite, plus a restart: the index rebuilt from the file equals the one kept. */
class SqliteStoreIndexTest extends StoreIndexContract {
    @TempDir
    Path dir;

    @Override
    protected MetadataStore newStore() {
        return SqliteMetadataStore.open(dir.resolve(SqliteMetadataStore.FILE_NAME));
    }

    @Test
    void indexRebuiltAfterAReopen_equalsTheIndexKeptBeforeIt() {
        StoreIndex<String> pods = store.index(SANDBOX, this::decode);
        StoreIndex<String> containers = store.index(CONTAINER, this::decode);
        for (char c = 'a'; c <= 'f'; c++) {
            write(sandbox(id(c), "pod " + c), container(id((char) ('0' + c - 'a')), id(c), "ctr " + c));
        }
        write(sandbox(id('b'), "pod b, stopped"));
        delete(CONTAINER, id('2'));
        delete(CONTAINER, id('3'));
        delete(SANDBOX, id('d'));
        List<String> podsBefore = pods.values();
        List<String> containersBefore = containers.values();
        store.close();

        store = newStore();
        assertThat(store.index(SANDBOX, this::decode).values()).isEqualTo(podsBefore);
        assertThat(store.index(CONTAINER, this::decode).values()).isEqualTo(containersBefore);
        assertThat(podsBefore).hasSize(5).contains("pod b, stopped").doesNotContain("pod d");
    }
}
