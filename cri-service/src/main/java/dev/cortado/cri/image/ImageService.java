package dev.cortado.cri.image;

import dev.cortado.cri.image.content.ContentStore;
import dev.cortado.cri.image.reference.Digest;
import dev.cortado.cri.image.reference.ImageReference;
import dev.cortado.cri.image.registry.RegistryClient;
import dev.cortado.cri.image.snapshot.SnapshotStore;
import dev.cortado.cri.image.unpack.FsOps;
import dev.cortado.cri.image.unpack.LayerUnpacker;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CRI image service in domain terms: PullImage, ImageStatus, ListImages, RemoveImage and
 * ImageFsInfo, with garbage collection of blobs and snapshots no image references.
 */
public final class ImageService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImageService.class);
    private static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(30);
    private final ImageStoreConfig config;
    private final ContentStore content;
    private final SnapshotStore snapshots;
    private final ImageMetadataStore metadata;
    private final ImageUsage usage;
    private final ImagePuller puller;
    private final ExecutorService workers;
    private final ExecutorService downloads;
    private final Clock clock;
    private final PullRecorder recorder;
    /** Pulls hold the read side, GC the write side, so GC never deletes what a pull just fetched. */
    private final ReadWriteLock gcLock = new ReentrantReadWriteLock();

    private final Object names = new Object();

    /** Wires the service; the registry client is shared and closed by its owner. */
    public ImageService(
            ImageStoreConfig config,
            RegistryClient registry,
            FsOps fsOps,
            ImageMetadataStore metadata,
            ImageUsage usage,
            Clock clock) {
        this(config, registry, fsOps, metadata, usage, clock, PullRecorder.NONE);
    }

    /** Wires the service, telling {@code recorder} about every pull and the bytes it downloads. */
    public ImageService(
            ImageStoreConfig config,
            RegistryClient registry,
            FsOps fsOps,
            ImageMetadataStore metadata,
            ImageUsage usage,
            Clock clock,
            PullRecorder recorder) {
        this.config = config;
        this.content = new ContentStore(config.root().resolve("content"));
        this.snapshots = new SnapshotStore(config.root());
        this.metadata = metadata;
        this.usage = usage;
        this.clock = clock;
        this.recorder = recorder;
        this.workers = Executors.newFixedThreadPool(config.maxConcurrentDownloads(), r -> {
            Thread t = new Thread(r, "image-layer-worker");
            t.setDaemon(true);
            return t;
        });
        // one download thread per layer worker at most: each streams the layer its worker unpacks
        this.downloads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "image-layer-download");
            t.setDaemon(true);
            return t;
        });
        LayerUnpacker unpacker = new LayerUnpacker(fsOps, config.unpackLimits(), config.privilegedUnpack());
        this.puller = new ImagePuller(
                config,
                registry,
                content,
                new LayerFetcher(registry, content, snapshots, unpacker, recorder, downloads),
                workers,
                clock);
    }

    /** Pulls {@code request.image()} and returns the stored image; its id is what kubelet passes on. */
    public Image pull(PullRequest request) {
        ImageReference ref = ImageReference.parse(request.image());
        PullRecorder.Pull pull = recorder.started();
        Optional<ErrorKind> failure = Optional.of(ErrorKind.INTERNAL);
        gcLock.readLock().lock();
        try {
            Image image = record(ref, puller.pull(ref, request));
            failure = Optional.empty();
            return image;
        } catch (CortadoException e) {
            failure = Optional.of(e.kind());
            throw e;
        } finally {
            gcLock.readLock().unlock();
            pull.finished(failure);
        }
    }

    private Image record(ImageReference ref, Image pulled) {
        String manifestDigest = pulled.blobs().get(0);
        synchronized (names) {
            Image base = metadata.get(pulled.id()).orElse(pulled);
            List<String> tags = new ArrayList<>(base.repoTags());
            if (ref.tag() != null && !tags.contains(ref.repository() + ":" + ref.tag())) {
                String tag = ref.repository() + ":" + ref.tag();
                untagOthers(tag, pulled.id());
                tags.add(tag);
            }
            List<String> digests = new ArrayList<>(base.repoDigests());
            String repoDigest = ref.repository() + "@" + manifestDigest;
            if (!digests.contains(repoDigest)) {
                digests.add(repoDigest);
            }
            Image stored = pulled.withNames(tags, digests, isPinned(tags, digests));
            metadata.put(stored);
            return stored;
        }
    }

    /** The image {@code spec} names (id, tag or digest reference), or empty: CRI wants nil, not NOT_FOUND. */
    public Optional<Image> status(String spec) {
        return ImageLookup.find(metadata.list(), spec);
    }

    /** Every image, or those matching {@code filter} when it is not empty. */
    public List<Image> list(String filter) {
        if (filter == null || filter.isEmpty()) {
            return metadata.list();
        }
        return status(filter).map(List::of).orElse(List.of());
    }

    /**
     * The snapshots of {@code image}, bottom layer first: what {@code OverlayMounts.options} turns
     * into a container rootfs. NOT_FOUND if one was removed underneath the image.
     */
    public List<dev.cortado.cri.image.snapshot.Snapshot> layers(Image image) {
        List<dev.cortado.cri.image.snapshot.Snapshot> out = new ArrayList<>();
        for (String chainId : image.chainIds()) {
            out.add(snapshots
                    .get(Digest.parse(chainId))
                    .orElseThrow(
                            () -> CortadoException.notFound("snapshot %s of image %s not found", chainId, image.id())));
        }
        return out;
    }

    /** The image config JSON, for ImageStatus verbose info. */
    public String configJson(Image image) {
        try {
            return new String(content.read(Digest.parse(image.id()), config.maxConfigBytes()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading config of " + image.id(), e);
        }
    }

    /**
     * Removes the image and all its tags. Idempotent: the CRI spec says removing an absent image
     * must not fail (critest "should not fail on simultaneous RemoveImage calls").
     */
    public void remove(String spec) {
        synchronized (names) {
            Optional<Image> image = status(spec);
            if (image.isEmpty()) {
                return;
            }
            List<String> users = usage.users(image.get().id());
            if (!users.isEmpty()) {
                throw CortadoException.failedPrecondition(
                        "image %s is in use by container%s %s",
                        image.get().id(), users.size() == 1 ? "" : "s", String.join(", ", users));
            }
            metadata.delete(image.get().id());
        }
        gc();
    }

    /** Usage of the image filesystem (content and snapshots under the root). */
    public FilesystemUsage imageFsUsage() {
        return ImageGc.usage(config.root(), config.root().resolve("content"), clock)
                .plus(ImageGc.usage(config.root(), config.root().resolve("snapshots"), clock));
    }

    /** Usage of the container filesystem: writable layers under {@code <root>/containers}. */
    public FilesystemUsage containerFsUsage() {
        return ImageGc.usage(config.root(), config.root().resolve("containers"), clock);
    }

    /** Deletes blobs and snapshots that no image references; pinned images keep theirs like any other. */
    public void gc() {
        gcLock.writeLock().lock();
        try {
            ImageGc.collect(metadata.list(), content, snapshots);
        } finally {
            gcLock.writeLock().unlock();
        }
    }

    private void untagOthers(String tag, String keepId) {
        for (Image other : metadata.list()) {
            if (!other.id().equals(keepId) && other.repoTags().contains(tag)) {
                List<String> tags = new ArrayList<>(other.repoTags());
                tags.remove(tag);
                metadata.put(other.withNames(tags, other.repoDigests(), isPinned(tags, other.repoDigests())));
            }
        }
    }

    private boolean isPinned(List<String> tags, List<String> digests) {
        return config.pinnedImages().stream()
                .map(p -> ImageReference.parse(p).toString())
                .anyMatch(p -> tags.contains(p) || digests.contains(p));
    }

    /**
     * Stops the layer workers and downloads, and waits for them (up to {@link #CLOSE_WAIT} each):
     * a pull cancelled a moment ago may still be writing under the root, which its owner may be
     * about to remove (the pull warm-up's scratch store). Waits even when this thread is
     * interrupted, as the cancelled pull that brought it here usually is, and keeps the interrupt.
     */
    @Override
    public void close() {
        workers.shutdownNow();
        downloads.shutdownNow();
        boolean interrupted = Thread.interrupted();
        try {
            interrupted |= awaitTermination(workers);
            interrupted |= awaitTermination(downloads);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for {@code pool} to end; whether an interrupt came meanwhile. */
    private static boolean awaitTermination(ExecutorService pool) {
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        boolean interrupted = false;
        while (true) {
            try {
                if (!pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    LOG.warn("image workers still running {} s after close", CLOSE_WAIT.toSeconds());
                }
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }
}
