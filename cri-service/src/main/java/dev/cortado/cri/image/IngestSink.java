package dev.cortado.cri.image;

import dev.cortado.cri.image.content.Ingest;
import dev.cortado.cri.image.registry.BlobSink;
import java.io.IOException;
import java.io.InputStream;

/** Lets the registry client download straight into a content-store ingest, telling {@code recorder} the bytes. */
final class IngestSink implements BlobSink {
    private final Ingest ingest;
    private final PullRecorder recorder;

    IngestSink(Ingest ingest, PullRecorder recorder) {
        this.ingest = ingest;
        this.recorder = recorder;
    }

    @Override
    public long offset() throws IOException {
        return ingest.offset();
    }

    @Override
    public void restart() throws IOException {
        ingest.restart();
    }

    @Override
    public void append(InputStream in) throws IOException {
        ingest.append(new CountingInputStream(in, recorder::downloaded));
    }
}
