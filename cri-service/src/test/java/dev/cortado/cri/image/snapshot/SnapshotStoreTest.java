package dev.cortado.cri.image.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.image.reference.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
    @TempDir
    Path root;

    @Test
    void chainIds_followTheOciDefinition() {
        Digest a = Digest.sha256("a");
        Digest b = Digest.sha256("b");
        assertThat(ChainIds.of(List.of(a, b))).containsExactly(a, Digest.sha256(a + " " + b));
    }

    @Test
    void commit_survivesReopenAndInterruptedUnpacksAreRemoved() throws Exception {
        SnapshotStore store = new SnapshotStore(root);
        Path prepared = store.prepare();
        Files.writeString(prepared.resolve("fs/file"), "x");
        Snapshot s = store.commit(prepared, Digest.sha256("chain"));
        Path interrupted = store.prepare();
        SnapshotStore reopened = new SnapshotStore(root);
        assertThat(reopened.get(Digest.sha256("chain"))).contains(s);
        assertThat(s.dir().getFileName().toString()).isEqualTo("1");
        assertThat(interrupted).doesNotExist();
        assertThat(reopened.prepare().getFileName().toString()).isEqualTo("tmp-2");
    }

    @Test
    void remove_deletesTheDirectory() throws Exception {
        SnapshotStore store = new SnapshotStore(root);
        Snapshot s = store.commit(store.prepare(), Digest.sha256("c"));
        store.remove(s.chainId());
        assertThat(s.dir()).doesNotExist();
        assertThat(new SnapshotStore(root).list()).isEmpty();
    }

    @Test
    void overlayOptions_listTopLayerFirst() {
        Snapshot bottom = new Snapshot(Digest.sha256("1"), 1, Path.of("/var/lib/cortado/snapshots/1"));
        Snapshot top = new Snapshot(Digest.sha256("2"), 7, Path.of("/var/lib/cortado/snapshots/7"));
        assertThat(OverlayMounts.options(List.of(bottom, top), Path.of("/c/upper"), Path.of("/c/work")))
                .isEqualTo(
                        "lowerdir=/var/lib/cortado/snapshots/7/fs:/var/lib/cortado/snapshots/1/fs,upperdir=/c/upper,workdir=/c/work");
        assertThatThrownBy(() -> OverlayMounts.options(List.of(), Path.of("/u"), Path.of("/w")))
                .hasMessageContaining("at least one layer");
    }

    @Test
    void diskUsage_countsBytesAndInodes() throws Exception {
        Files.writeString(root.resolve("a"), "12345");
        Files.createDirectory(root.resolve("d"));
        assertThat(DiskUsage.of(root)).isEqualTo(new DiskUsage(5, 3));
    }
}
