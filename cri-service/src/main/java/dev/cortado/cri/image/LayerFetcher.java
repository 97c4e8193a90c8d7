package dev.cortado.cri.image;

import dev.cortado.cri.image.content.ContentStore;
import dev.cortado.cri.image.content.Ingest;
import dev.cortado.cri.image.content.SingleFlight;
import dev.cortado.cri.image.reference.Digest;
import dev.cortado.cri.image.reference.ImageReference;
import dev.cortado.cri.image.registry.Credentials;
import dev.cortado.cri.image.registry.Descriptor;
import dev.cortado.cri.image.registry.RegistryClient;
import dev.cortado.cri.image.snapshot.Snapshot;
import dev.cortado.cri.image.snapshot.SnapshotStore;
import dev.cortado.cri.image.unpack.LayerUnpacker;
import dev.cortado.cri.image.unpack.UnpackBudget;
import dev.cortado.cri.image.unpack.UnpackResult;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Gets blobs into the content store and layers into snapshots, each once however many pulls ask
 * at the same time: single-flight per blob digest and per chain id. A layer whose blob is not
 * stored yet is unpacked while it downloads ({@link StreamingUnpack}).
 */
final class LayerFetcher {
    private final RegistryClient registry;
    private final ContentStore content;
    private final SnapshotStore snapshots;
    private final LayerUnpacker unpacker;
    private final PullRecorder recorder;
    private final StreamingUnpack streaming;
    private final SingleFlight<Digest, Digest> blobFlights = new SingleFlight<>();
    private final SingleFlight<Digest, Snapshot> unpackFlights = new SingleFlight<>();

    LayerFetcher(
            RegistryClient registry,
            ContentStore content,
            SnapshotStore snapshots,
            LayerUnpacker unpacker,
            PullRecorder recorder,
            ExecutorService downloads) {
        this.registry = registry;
        this.content = content;
        this.snapshots = snapshots;
        this.unpacker = unpacker;
        this.recorder = recorder;
        this.streaming = new StreamingUnpack(registry, content, unpacker, recorder, downloads);
    }

    /** Ensures the blob {@code descriptor} is in the content store, verified. */
    void fetchBlob(ImageReference ref, Credentials creds, Descriptor descriptor) {
        if (content.has(descriptor.digest())) {
            return;
        }
        blobFlights.run(descriptor.digest(), () -> {
            if (!content.has(descriptor.digest())) {
                try (Ingest ingest = content.openIngest(descriptor.digest(), descriptor.size())) {
                    registry.fetchBlob(ref, creds, descriptor, new IngestSink(ingest, recorder));
                    ingest.commit();
                } catch (IOException e) {
                    throw new UncheckedIOException("storing blob " + descriptor.digest(), e);
                }
            }
            return descriptor.digest();
        });
    }

    /** Ensures the layer with {@code chainId} is unpacked, downloading it if needed; checks its diff id. */
    Snapshot layer(
            ImageReference ref,
            Credentials creds,
            Descriptor descriptor,
            Digest diffId,
            Digest chainId,
            UnpackBudget budget) {
        return snapshots
                .get(chainId)
                .orElseGet(() -> unpackFlights.run(
                        chainId,
                        () -> snapshots
                                .get(chainId)
                                .orElseGet(() -> unpack(ref, creds, descriptor, diffId, chainId, budget))));
    }

    /**
     * Unpacks into a prepared directory, which becomes the snapshot only through {@link
     * SnapshotStore#commit} (a rename after the diff id matched and, when it streamed, after the
     * blob's digest did): a failure or a crash before it leaves an uncommitted directory, removed.
     */
    private Snapshot unpack(
            ImageReference ref,
            Credentials creds,
            Descriptor descriptor,
            Digest diffId,
            Digest chainId,
            UnpackBudget budget) {
        try {
            Path prepared = snapshots.prepare();
            try {
                UnpackResult result = streamed(ref, creds, descriptor, prepared.resolve("fs"), budget);
                if (result == null) {
                    try (InputStream in = content.open(descriptor.digest())) {
                        result = unpacker.unpack(in, descriptor.size(), prepared.resolve("fs"), budget);
                    }
                }
                if (!result.diffId().equals(diffId)) {
                    throw CortadoException.failedPrecondition(
                            "wrong diff id for layer %s: got %s, config says %s",
                            descriptor.digest(), result.diffId(), diffId);
                }
                return snapshots.commit(prepared, chainId);
            } catch (CortadoException e) {
                snapshots.abort(prepared);
                if (e.kind() == ErrorKind.RESOURCE_EXHAUSTED) {
                    throw new CortadoException(
                            e.kind(),
                            "pull of " + ref + " stopped: layer " + descriptor.digest() + " (" + descriptor.size()
                                    + " bytes): " + e.getMessage(),
                            e);
                }
                throw e;
            } catch (IOException | RuntimeException e) {
                snapshots.abort(prepared);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unpacking layer " + descriptor.digest(), e);
        }
    }

    /**
     * Downloads the blob while unpacking it into {@code fs}, unless it is in the content store
     * already or another flight of the same blob (a layer shared by another chain) fetched it
     * meanwhile: then null, and the caller unpacks the stored blob.
     */
    private UnpackResult streamed(
            ImageReference ref, Credentials creds, Descriptor descriptor, Path fs, UnpackBudget budget) {
        if (content.has(descriptor.digest())) {
            return null;
        }
        AtomicReference<UnpackResult> result = new AtomicReference<>();
        blobFlights.run(descriptor.digest(), () -> {
            if (!content.has(descriptor.digest())) {
                try {
                    result.set(streaming.run(ref, creds, descriptor, fs, budget));
                } catch (IOException e) {
                    throw new UncheckedIOException("unpacking layer " + descriptor.digest(), e);
                }
            }
            return descriptor.digest();
        });
        return result.get();
    }
}
