package dev.cortado.cri.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Passes on how many bytes each read returned: what a download really fetched, retries included. */
final class CountingInputStream extends FilterInputStream {
    private final LongConsumer counted;

    CountingInputStream(InputStream in, LongConsumer counted) {
        super(in);
        this.counted = counted;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted.accept(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted.accept(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        if (skipped > 0) {
            counted.accept(skipped);
        }
        return skipped;
    }
}
