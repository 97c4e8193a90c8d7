package dev.cortado.cri.image.unpack;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Picks the decompressor from the stream's magic bytes rather than the media type, because
 * registries and old tools mislabel layers; gzip, zstd and plain tar are accepted.
 */
final class Decompression {
    private Decompression() {}

    /** The uncompressed tar stream of {@code raw}. */
    static InputStream open(InputStream raw) throws IOException {
        // The buffer also shields any digesting stream below from the decompressor's mark/reset
        // (research/deps.md §5: GzipCompressorInputStream re-reads marked bytes).
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return GzipCompressorInputStream.builder()
                    .setInputStream(in)
                    .setDecompressConcatenated(true)
                    .get();
        }
        if (magic.length == 4
                && (magic[0] & 0xff) == 0x28
                && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f
                && (magic[3] & 0xff) == 0xfd) {
            return new ZstdCompressorInputStream(in);
        }
        return in;
    }
}
