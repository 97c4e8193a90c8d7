package dev.cortado.cri.image.content;

import dev.cortado.cri.image.reference.Digest;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Blobs by digest on disk, with one resumable ingest per digest at a time (containerd's
 * "multi-reader, single-writer ingest", plugins/content/local/store.go).
 */
public final class ContentStore {
    private final Path blobs;
    private final Path ingest;
    private final Set<Digest> writing = ConcurrentHashMap.newKeySet();

    /** A store under {@code root} ({@code <root>/blobs/sha256}, {@code <root>/ingest}). */
    public ContentStore(Path root) {
        this.blobs = root.resolve("blobs").resolve("sha256");
        this.ingest = root.resolve("ingest");
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(ingest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create content store under " + root, e);
        }
    }

    /** Whether a verified blob is present. */
    public boolean has(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    /** Where the verified blob lives (it may not exist). */
    public Path path(Digest digest) {
        return blobs.resolve(digest.hex());
    }

    /** The size of a present blob. */
    public long size(Digest digest) {
        try {
            return Files.size(path(digest));
        } catch (NoSuchFileException e) {
            throw CortadoException.notFound("blob %s not found", digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a present blob for reading. */
    public InputStream open(Digest digest) throws IOException {
        try {
            return Files.newInputStream(path(digest));
        } catch (NoSuchFileException e) {
            throw CortadoException.notFound("blob %s not found", digest);
        }
    }

    /** Reads a present blob of at most {@code max} bytes whole (manifests and configs). */
    public byte[] read(Digest digest, long max) throws IOException {
        try (InputStream in = open(digest)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw new CortadoException(
                        ErrorKind.RESOURCE_EXHAUSTED, "blob " + digest + " is larger than " + max + " bytes");
            }
            return bytes;
        }
    }

    /**
     * Opens the ingest of {@code digest}, keeping bytes a previous attempt left; the caller closes
     * it. A second writer of the same digest at once is UNAVAILABLE (callers deduplicate above).
     */
    public Ingest openIngest(Digest digest, long expectedSize) throws IOException {
        if (!writing.add(digest)) {
            throw CortadoException.unavailable("blob %s is already being written", digest);
        }
        try {
            return new Ingest(
                    ingest.resolve(digest.hex()), path(digest), digest, expectedSize, () -> writing.remove(digest));
        } catch (IOException | RuntimeException e) {
            writing.remove(digest);
            throw e;
        }
    }

    /** Stores {@code bytes} as a blob after checking they hash to {@code digest}; present blobs are kept. */
    public synchronized void put(Digest digest, byte[] bytes) throws IOException {
        if (has(digest)) {
            return;
        }
        try (Ingest in = openIngest(digest, bytes.length)) {
            in.restart();
            in.append(new java.io.ByteArrayInputStream(bytes));
            in.commit();
        }
    }

    /** Every present blob. */
    public Set<Digest> list() throws IOException {
        Set<Digest> out = new HashSet<>();
        try (Stream<Path> files = Files.list(blobs)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("[a-f0-9]{64}"))
                    .forEach(n -> out.add(new Digest("sha256", n)));
        }
        return out;
    }

    /** Deletes a blob; deleting an absent one is not an error. */
    public void delete(Digest digest) throws IOException {
        Files.deleteIfExists(path(digest));
    }

    /** Bytes held by verified blobs. */
    public long usage() throws IOException {
        long total = 0;
        for (Digest d : list()) {
            total += Files.size(path(d));
        }
        return total;
    }
}
