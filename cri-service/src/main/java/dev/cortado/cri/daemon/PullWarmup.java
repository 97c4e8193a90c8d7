package dev.cortado.cri.daemon;

import dev.cortado.cri.image.ImageService;
import dev.cortado.cri.image.ImageStoreConfig;
import dev.cortado.cri.image.MemoryImageRecords;
import dev.cortado.cri.image.PullRecorder;
import dev.cortado.cri.image.PullRequest;
import dev.cortado.cri.image.registry.Credentials;
import dev.cortado.cri.image.registry.RegistryClient;
import dev.cortado.cri.image.registry.RegistryConfig;
import dev.cortado.cri.image.unpack.FsOps;
import dev.cortado.cri.image.unpack.Tree;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls a small image ({@link WarmupLayers}) a few times from a {@link LoopbackRegistry} into a
 * scratch image store right after the daemon starts, on one background thread, so that the JIT
 * has compiled the pull path (the HTTP client, SHA-256, gzip, tar, file writes) before kubelet's
 * first pull; measured with {@code integration/bin/benchmark --sections pull}, the first pull after
 * a start otherwise ran that code interpreted (issue 16). The class data sharing archive holds the
 * classes; this is for the compiled code, which no archive keeps in Java 17. The scratch store
 * {@code <root>/pull-warmup} has its own records (in memory, never listed by the CRI), removed
 * after, and before a start in case a crash left it. A failure is logged and changes nothing.
 */
final class PullWarmup implements AutoCloseable {
    static final String DIRECTORY = "pull-warmup";
    static final int PULLS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(PullWarmup.class);
    private final Thread thread;

    private PullWarmup(Thread thread) {
        this.thread = thread;
    }

    /**
     * Starts the warm-up under {@code root}, unpacking as the daemon does ({@code template}'s
     * limits), unless {@code gate} was stopped: a real pull stops it, so that it never competes
     * with one for the CPU (measured: a first pull two seconds after the start ran beside it).
     */
    static PullWarmup start(Gate gate, Path root, ImageStoreConfig template, FsOps fsOps, Clock clock) {
        Thread thread = new Thread(() -> run(root.resolve(DIRECTORY), template, fsOps, clock), "pull-warmup");
        thread.setDaemon(true);
        if (gate.admit(thread)) {
            thread.start();
        }
        return new PullWarmup(thread);
    }

    /** Stops the warm-up at the first real pull: wraps the image service's recorder. */
    static final class Gate {
        private final java.util.concurrent.atomic.AtomicReference<Thread> warmup =
                new java.util.concurrent.atomic.AtomicReference<>();
        private final Thread stopped = new Thread(() -> {});

        /** {@code delegate}, which also stops the warm-up when a pull starts. */
        PullRecorder stoppingAt(PullRecorder delegate) {
            return new PullRecorder() {
                @Override
                public Pull started() {
                    Thread running = warmup.getAndSet(stopped);
                    if (running != null && running != stopped) {
                        running.interrupt();
                    }
                    return delegate.started();
                }

                @Override
                public void downloaded(long bytes) {
                    delegate.downloaded(bytes);
                }
            };
        }

        private boolean admit(Thread thread) {
            return warmup.compareAndSet(null, thread);
        }
    }

    /** Runs the warm-up in {@code scratch}, which it removes after; whether every pull succeeded. */
    static boolean run(Path scratch, ImageStoreConfig template, FsOps fsOps, Clock clock) {
        long start = System.nanoTime();
        try {
            Tree.delete(scratch);
            ImageStoreConfig config = new ImageStoreConfig(
                    scratch,
                    template.maxConcurrentDownloads(),
                    template.maxConfigBytes(),
                    template.maxLayers(),
                    template.unpackLimits(),
                    java.util.Set.of(),
                    template.privilegedUnpack());
            try (LoopbackRegistry registry = LoopbackRegistry.start(WarmupLayers.build());
                    RegistryClient client = new RegistryClient(RegistryConfig.defaults(), clock);
                    ImageService images =
                            new ImageService(config, client, fsOps, new MemoryImageRecords(), id -> List.of(), clock)) {
                for (int i = 0; i < PULLS; i++) {
                    if (Thread.currentThread().isInterrupted()) {
                        return false;
                    }
                    images.pull(new PullRequest(registry.image(), Credentials.NONE, null));
                    images.remove(registry.image()); // and its blobs and snapshots: the next pull does it all again
                }
            }
            LOG.debug("pull path warmed up in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            compactHeap();
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.info("warm-up of the pull path stopped: {}", e.toString());
            return false;
        } finally {
            try {
                Tree.delete(scratch);
            } catch (IOException e) {
                LOG.warn("cannot remove the pull warm-up's scratch store {}: {}", scratch, e.toString());
            }
        }
    }

    /**
     * One full collection once the warm-up is done and no real pull has started: the warm-up and
     * the start leave most of the old generation garbage (measured: 30 of 39 MiB), and the serial
     * collector gives committed heap back to the OS only after a full collection (down to
     * {@code -XX:MaxHeapFreeRatio}, which the launcher sets). An idle daemon would otherwise keep
     * that memory until its first full collection, maybe never. A few tens of milliseconds, on
     * this background thread, before kubelet's first pull.
     */
    private static void compactHeap() {
        if (!Thread.currentThread().isInterrupted()) {
            System.gc();
        }
    }

    /** Stops a warm-up still running and waits a little for it to clean up. */
    @Override
    public void close() {
        if (!thread.isAlive()) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
