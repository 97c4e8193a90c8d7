package dev.cortado.cri.image;

import dev.cortado.cri.image.content.Ingest;
import dev.cortado.cri.image.registry.BlobSink;
import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Lets the registry client download straight into a content-store ingest, telling {@code recorder}
 * the bytes and passing what the ingest wrote on to {@code then} (a streaming unpack).
 */
final class IngestSink implements BlobSink {
    private final Ingest ingest;
    private final PullRecorder recorder;
    private final Ingest.Written then;
    private final boolean streaming;

    IngestSink(Ingest ingest, PullRecorder recorder) {
        this(ingest, recorder, (bytes, offset, length) -> {}, false);
    }

    /** A sink whose written bytes also go to {@code then}, which cannot take them back. */
    IngestSink(Ingest ingest, PullRecorder recorder, Ingest.Written then) {
        this(ingest, recorder, then, true);
    }

    private IngestSink(Ingest ingest, PullRecorder recorder, Ingest.Written then, boolean streaming) {
        this.ingest = ingest;
        this.recorder = recorder;
        this.then = then;
        this.streaming = streaming;
    }

    @Override
    public long offset() throws IOException {
        return ingest.offset();
    }

    @Override
    public void restart() throws IOException {
        boolean passedOn = streaming && ingest.offset() > 0;
        ingest.restart();
        if (passedOn) {
            // the bytes passed on are unpacked already and a second copy could differ from them:
            // this pull fails, and the next one starts from the first byte, which needs no range
            throw CortadoException.unavailable(
                    "the registry ignored a range request resuming a blob download; pull again");
        }
    }

    @Override
    public void append(InputStream in) throws IOException {
        ingest.append(new CountingInputStream(in, recorder::downloaded), then);
    }
}
