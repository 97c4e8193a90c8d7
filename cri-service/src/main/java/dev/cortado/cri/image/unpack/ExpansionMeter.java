package dev.cortado.cri.image.unpack;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts what one layer unpacks against its limits as the bytes flow: compressed bytes read,
 * uncompressed tar bytes, file content written; stops the unpack at the first limit passed and
 * says which one and how to change it.
 */
final class ExpansionMeter {
    private final UnpackLimits limits;
    private final long declaredCompressed;
    private final UnpackBudget image;
    private long compressed;
    private long streamed;
    private long written;
    private long charged;

    /** A meter for a layer of {@code declaredCompressed} bytes (or -1 when unknown: bytes read count). */
    ExpansionMeter(UnpackLimits limits, long declaredCompressed, UnpackBudget image) {
        this.limits = limits;
        this.declaredCompressed = declaredCompressed;
        this.image = image;
    }

    /** {@code raw} counted as the compressed side. */
    InputStream compressed(InputStream raw) {
        return new Counting(raw, true);
    }

    /** {@code tar} counted as the uncompressed side. */
    InputStream uncompressed(InputStream tar) {
        return new Counting(tar, false);
    }

    /** File content written; a sparse entry writes more than the tar stream carries. */
    void wrote(long n) {
        written += n;
        check();
    }

    long unpacked() {
        return Math.max(streamed, written);
    }

    private void check() {
        long unpacked = unpacked();
        if (unpacked > limits.maxBytes()) {
            throw limit("more than " + limits.maxBytes() + " bytes, the per-layer limit; raise"
                    + " image.max_layer_unpacked_bytes in the config file to allow it");
        }
        long base = Math.max(declaredCompressed, compressed);
        boolean overRatio = base <= Long.MAX_VALUE / limits.maxRatio() && unpacked > limits.maxRatio() * base;
        if (unpacked > limits.ratioMinBytes() && overRatio) {
            throw limit("more than " + limits.maxRatio() + " times its " + base + " compressed bytes (" + unpacked
                    + " bytes so far), the expansion ratio limit for layers over " + limits.ratioMinBytes()
                    + " bytes; raise image.max_expansion_ratio or image.expansion_ratio_min_bytes in the config file"
                    + " to allow it");
        }
        if (unpacked > charged) {
            image.charge(unpacked - charged);
            charged = unpacked;
        }
    }

    private static CortadoException limit(String what) {
        return new CortadoException(ErrorKind.RESOURCE_EXHAUSTED, "layer unpacks to " + what);
    }

    private final class Counting extends FilterInputStream {
        private final boolean compressedSide;

        Counting(InputStream in, boolean compressedSide) {
            super(in);
            this.compressedSide = compressedSide;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false; // a reset would count bytes twice
        }

        private void count(long n) {
            if (compressedSide) {
                compressed += n;
            } else {
                streamed += n;
                check();
            }
        }
    }
}
