package dev.cortado.cri.image.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.image.reference.Digest;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
    @TempDir
    Path root;

    private final byte[] blob = "hello, layer content".getBytes(StandardCharsets.UTF_8);
    private final Digest digest = Digest.sha256(blob);

    @Test
    void ingest_interrupted_resumesFromHeldBytesAndCommits() throws Exception {
        ContentStore store = new ContentStore(root);
        try (Ingest first = store.openIngest(digest, blob.length)) {
            first.append(new ByteArrayInputStream(Arrays.copyOf(blob, 5)));
        }
        assertThat(store.has(digest)).isFalse();
        ContentStore reopened = new ContentStore(root);
        try (Ingest second = reopened.openIngest(digest, blob.length)) {
            assertThat(second.offset()).isEqualTo(5);
            second.append(new ByteArrayInputStream(Arrays.copyOfRange(blob, 5, blob.length)));
            second.commit();
        }
        assertThat(Files.readAllBytes(reopened.path(digest))).isEqualTo(blob);
        assertThat(reopened.list()).containsExactly(digest);
    }

    @Test
    void commit_wrongContent_isRefusedAndNothingAppearsUnderBlobs() throws Exception {
        ContentStore store = new ContentStore(root);
        byte[] evil = blob.clone();
        evil[0] = 'j';
        try (Ingest ingest = store.openIngest(digest, blob.length)) {
            ingest.append(new ByteArrayInputStream(evil));
            assertThatThrownBy(ingest::commit)
                    .isInstanceOfSatisfying(
                            CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                    .hasMessageContaining("unexpected commit");
        }
        assertThat(store.has(digest)).isFalse();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void append_moreBytesThanDescriptor_failsBeforeWritingThem() throws Exception {
        ContentStore store = new ContentStore(root);
        try (Ingest ingest = store.openIngest(digest, 3)) {
            assertThatThrownBy(() -> ingest.append(new ByteArrayInputStream(blob)))
                    .isInstanceOfSatisfying(
                            CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION));
            assertThat(ingest.offset()).isLessThanOrEqualTo(3);
        }
    }

    @Test
    @SuppressWarnings("try") // the resource is held open for the body (or closed early on purpose)
    void openIngest_sameDigestTwiceAtOnce_secondIsUnavailable() throws Exception {
        ContentStore store = new ContentStore(root);
        try (Ingest ignored = store.openIngest(digest, blob.length)) {
            assertThatThrownBy(() -> store.openIngest(digest, blob.length))
                    .isInstanceOfSatisfying(
                            CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
        }
        store.openIngest(digest, blob.length).close();
    }

    @Test
    void read_overLimit_isResourceExhausted() throws Exception {
        ContentStore store = new ContentStore(root);
        store.put(digest, blob);
        assertThat(store.read(digest, 100)).isEqualTo(blob);
        assertThatThrownBy(() -> store.read(digest, 4))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_EXHAUSTED));
    }
}
