package dev.cortado.cri.image;

import dev.cortado.cri.image.content.ContentStore;
import dev.cortado.cri.image.content.Ingest;
import dev.cortado.cri.image.reference.ImageReference;
import dev.cortado.cri.image.registry.Credentials;
import dev.cortado.cri.image.registry.Descriptor;
import dev.cortado.cri.image.registry.RegistryClient;
import dev.cortado.cri.image.unpack.LayerUnpacker;
import dev.cortado.cri.image.unpack.UnpackBudget;
import dev.cortado.cri.image.unpack.UnpackResult;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A layer unpacked while it downloads (issue 16): a download thread writes the blob into its
 * content-store ingest and, once written and hashed, into a {@link BlobPipe} that the calling
 * thread unpacks from; the blob's bytes are read from the network once and never from disk. The
 * unpack sees the end of the stream only after the ingest was committed, that is after the blob's
 * size and digest were verified, so a result is returned only for a verified blob; any failure of
 * either side stops the other and throws, and the caller discards the unpacked directory, which
 * was never a committed snapshot.
 */
final class StreamingUnpack {
    private final RegistryClient registry;
    private final ContentStore content;
    private final LayerUnpacker unpacker;
    private final PullRecorder recorder;
    private final ExecutorService downloads;

    StreamingUnpack(
            RegistryClient registry,
            ContentStore content,
            LayerUnpacker unpacker,
            PullRecorder recorder,
            ExecutorService downloads) {
        this.registry = registry;
        this.content = content;
        this.unpacker = unpacker;
        this.recorder = recorder;
        this.downloads = downloads;
    }

    /** Downloads the blob of {@code layer} into the content store while unpacking it into {@code fs}. */
    UnpackResult run(ImageReference ref, Credentials creds, Descriptor layer, Path fs, UnpackBudget budget)
            throws IOException {
        BlobPipe pipe = new BlobPipe();
        CountDownLatch ended = new CountDownLatch(1);
        Future<?> download = downloads.submit(() -> {
            download(ref, creds, layer, pipe, ended);
            return null;
        });
        boolean unpacked = false;
        try {
            // the unpacker closes its stream when the tar ends, which may be before the blob does
            // (a zstd frame's end, trailing bytes): the rest is read here, as the digest covers it
            UnpackResult result = unpacker.unpack(
                    new FilterInputStream(pipe.input()) {
                        @Override
                        public void close() {}
                    },
                    layer.size(),
                    fs,
                    budget);
            pipe.input().transferTo(OutputStream.nullOutputStream());
            unpacked = true;
            download.get(); // done already: the unpack read to the end, which comes after the commit
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CortadoException(ErrorKind.CANCELLED, "unpack of " + layer.digest() + " interrupted");
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        } catch (IOException | RuntimeException e) {
            // the download's own failure says what went wrong better than the unpack's broken read
            Throwable downloadFailure = pipe.failure();
            if (downloadFailure != null) {
                throw rethrown(downloadFailure);
            }
            throw e;
        } finally {
            if (!unpacked) {
                pipe.input().close(); // the download's next write fails
                download.cancel(true); // and a read waiting on the registry ends
                awaitUninterruptibly(ended); // the ingest is closed before anyone retries it
            }
        }
    }

    private void download(ImageReference ref, Credentials creds, Descriptor layer, BlobPipe pipe, CountDownLatch ended)
            throws IOException {
        try (Ingest ingest = content.openIngest(layer.digest(), layer.size())) {
            ingest.replay(pipe::write); // what an earlier attempt left is unpacked first
            registry.fetchBlob(ref, creds, layer, new IngestSink(ingest, recorder, pipe::write));
            ingest.commit();
            pipe.finish();
        } catch (IOException | RuntimeException | Error e) {
            pipe.fail(e);
            throw e;
        } finally {
            ended.countDown();
        }
    }

    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof IOException io) {
            return new UncheckedIOException("downloading a layer", io);
        }
        return CortadoException.internal("downloading a layer", cause);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
