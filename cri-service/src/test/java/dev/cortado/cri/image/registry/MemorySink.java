package dev.cortado.cri.image.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** A blob sink in memory that refuses more bytes than expected. */
final class MemorySink implements BlobSink {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final long expected;
    int restarts;

    MemorySink(long expected) {
        this.expected = expected;
    }

    @Override
    public long offset() {
        return bytes.size();
    }

    @Override
    public void restart() {
        restarts++;
        bytes.reset();
    }

    @Override
    public void append(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (bytes.size() + n > expected) {
                throw new IOException("more bytes than expected");
            }
            bytes.write(buffer, 0, n);
        }
    }
}
