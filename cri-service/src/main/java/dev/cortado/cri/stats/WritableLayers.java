package dev.cortado.cri.stats;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Disk use of containers' writable layers ({@code <root>/containers/<id>/upper}): a du-like walk
 * (sizes of regular files and symlinks, every entry an inode) that stops after {@code maxEntries}
 * and is cached for {@code ttl}, so kubelet asking every second for 100 containers walks each
 * layer at most once per ttl. Sizes are apparent sizes, not allocated blocks.
 */
final class WritableLayers {
    private final Path layers;
    private final Clock clock;
    private final Duration ttl;
    private final long maxEntries;
    private final ConcurrentMap<String, ContainerStats.WritableLayer> cache = new ConcurrentHashMap<>();

    /** @param layers {@code <root>/containers} */
    WritableLayers(Path layers, Clock clock, Duration ttl, long maxEntries) {
        this.layers = layers;
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
    }

    Optional<ContainerStats.WritableLayer> of(String containerId) {
        long now = nanos();
        ContainerStats.WritableLayer cached = cache.get(containerId);
        if (cached != null && now - cached.timestampNanos() < ttl.toNanos()) {
            return Optional.of(cached);
        }
        Path upper = layers.resolve(containerId).resolve("upper");
        if (!Files.isDirectory(upper)) {
            cache.remove(containerId);
            return Optional.empty();
        }
        ContainerStats.WritableLayer measured = walk(upper, now);
        cache.put(containerId, measured);
        return Optional.of(measured);
    }

    void retain(Set<String> ids) {
        cache.keySet().retainAll(ids);
    }

    private ContainerStats.WritableLayer walk(Path upper, long now) {
        long[] bytes = {0};
        long[] inodes = {0};
        boolean[] truncated = {false};
        try {
            Files.walkFileTree(upper, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return count(attrs);
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    return count(attrs);
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // removed while we walk: the container writes on
                }

                private FileVisitResult count(BasicFileAttributes attrs) {
                    inodes[0]++;
                    if (!attrs.isDirectory()) {
                        bytes[0] += attrs.size();
                    }
                    if (inodes[0] >= maxEntries) {
                        truncated[0] = true;
                        return FileVisitResult.TERMINATE;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            truncated[0] = true; // the layer went away mid-walk; report what was seen
        }
        return new ContainerStats.WritableLayer(now, upper.toString(), bytes[0], inodes[0], truncated[0]);
    }

    private long nanos() {
        java.time.Instant t = clock.instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
