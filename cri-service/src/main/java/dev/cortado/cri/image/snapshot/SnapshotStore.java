package dev.cortado.cri.image.snapshot;

import dev.cortado.cri.image.reference.Digest;
import dev.cortado.cri.image.unpack.Tree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Snapshot directories under {@code <root>/snapshots}: a layer is unpacked into {@code tmp-<n>},
 * then its chain id is written and the directory renamed to {@code <n>}, so a crash never leaves
 * a half-unpacked snapshot that looks committed; leftovers are removed at startup.
 */
public final class SnapshotStore {
    private static final String CHAIN_FILE = "chainid";
    private final Path dir;
    private final AtomicLong next = new AtomicLong(1);
    private final Map<Digest, Snapshot> byChain = new ConcurrentHashMap<>();

    /** Opens the store, indexing committed snapshots and deleting interrupted ones. */
    public SnapshotStore(Path root) {
        this.dir = root.resolve("snapshots");
        try {
            Files.createDirectories(dir);
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path p : (Iterable<Path>) entries::iterator) {
                    String name = p.getFileName().toString();
                    if (name.matches("[0-9]+") && Files.isRegularFile(p.resolve(CHAIN_FILE))) {
                        long n = Long.parseLong(name);
                        next.accumulateAndGet(n + 1, Math::max);
                        Digest chain = Digest.parse(
                                Files.readString(p.resolve(CHAIN_FILE)).trim());
                        byChain.put(chain, new Snapshot(chain, n, p));
                    } else {
                        Tree.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open snapshot store " + dir, e);
        }
    }

    /** The committed snapshot for {@code chainId}. */
    public Optional<Snapshot> get(Digest chainId) {
        return Optional.ofNullable(byChain.get(chainId));
    }

    /** Every committed snapshot. */
    public List<Snapshot> list() {
        return List.copyOf(byChain.values());
    }

    /** A fresh, empty, uncommitted directory to unpack into; its {@code fs} subdirectory exists. */
    public Path prepare() throws IOException {
        Path tmp = dir.resolve("tmp-" + next.getAndIncrement());
        Files.createDirectories(tmp.resolve("fs"));
        return tmp;
    }

    /** Commits a prepared directory under {@code chainId}; if another commit won, this one is discarded. */
    public synchronized Snapshot commit(Path prepared, Digest chainId) throws IOException {
        Snapshot existing = byChain.get(chainId);
        if (existing != null) {
            Tree.delete(prepared);
            return existing;
        }
        long n = Long.parseLong(prepared.getFileName().toString().substring(4));
        Path chainFile = prepared.resolve(CHAIN_FILE);
        try (FileChannel ch = FileChannel.open(chainFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(StandardCharsets.UTF_8.encode(chainId.toString()));
            ch.force(true);
        }
        Path target = dir.resolve(Long.toString(n));
        Files.move(prepared, target, StandardCopyOption.ATOMIC_MOVE);
        Snapshot snapshot = new Snapshot(chainId, n, target);
        byChain.put(chainId, snapshot);
        return snapshot;
    }

    /** Removes a prepared directory after a failed unpack. */
    public void abort(Path prepared) throws IOException {
        Tree.delete(prepared);
    }

    /** Removes a committed snapshot; removing an absent one is not an error. */
    public synchronized void remove(Digest chainId) throws IOException {
        Snapshot snapshot = byChain.remove(chainId);
        if (snapshot != null) {
            // drop the chain id first so a crash mid-delete leaves an unindexed directory, removed at startup
            Files.deleteIfExists(snapshot.dir().resolve(CHAIN_FILE));
            Tree.delete(snapshot.dir());
        }
    }

    /** The directory holding all snapshots, for filesystem usage reporting. */
    public Path directory() {
        return dir;
    }
}
