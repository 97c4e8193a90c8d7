package dev.cortado.cri.image.registry;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where a blob download goes: it knows how many bytes it already holds, so a retry resumes with a
 * {@code Range} request instead of starting over.
 */
public interface BlobSink {
    /** Bytes already held; the next request asks for the rest. */
    long offset() throws IOException;

    /** Discards the held bytes, because the server ignored the range and sent the whole blob. */
    void restart() throws IOException;

    /** Appends {@code in} until its end; implementations refuse more bytes than the descriptor's size. */
    void append(InputStream in) throws IOException;
}
