package dev.cortado.cri.image;

import dev.cortado.cri.image.content.Ingest;
import dev.cortado.cri.image.registry.BlobSink;
import java.io.IOException;
import java.io.InputStream;

/** Lets the registry client download straight into a content-store ingest. */
final class IngestSink implements BlobSink {
    private final Ingest ingest;

    IngestSink(Ingest ingest) {
        this.ingest = ingest;
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
        ingest.append(in);
    }
}
