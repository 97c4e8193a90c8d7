package dev.cortado.cri.image.unpack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Decompression bombs made as streams, so a test never holds or writes the gigabytes it claims:
 * concatenated gzip members of zeros, and a sparse tar entry whose hole is the whole file.
 */
public final class Bombs {
    private static final int CHUNK = 64 << 20;
    private static final byte[] ZERO_MEMBER = gzip(new byte[0], CHUNK);

    private Bombs() {}

    /** A gzip layer holding one file {@code name} of {@code chunks} x 64 MiB zeros, served lazily. */
    public static InputStream gzipOfZeros(String name, int chunks) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize((long) chunks * CHUNK);
        entry.setMode(0644);
        byte[] header = new byte[512];
        entry.writeEntryHeader(header);
        List<InputStream> parts = new ArrayList<>();
        parts.add(new java.io.ByteArrayInputStream(gzip(header, 0)));
        for (int i = 0; i < chunks; i++) {
            parts.add(new java.io.ByteArrayInputStream(ZERO_MEMBER));
        }
        parts.add(new java.io.ByteArrayInputStream(gzip(new byte[0], 1024)));
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    /** The compressed size of {@link #gzipOfZeros} with {@code chunks}. */
    public static long gzipOfZerosSize(int chunks) {
        try (InputStream in = gzipOfZeros("x", chunks)) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A gzip'd tar of a few hundred bytes holding {@code files} PAX 0.0 sparse files of
     * {@code size} bytes each (at most 2 GiB - 1: commons-compress reads 0.0 sizes as int), all
     * hole but their last byte.
     */
    public static byte[] sparse(String name, int files, long size) {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (int i = 0; i < files; i++) {
            String records = record("GNU.sparse.size", Long.toString(size))
                    + record("GNU.sparse.numblocks", "1")
                    + record("GNU.sparse.offset", Long.toString(size - 1))
                    + record("GNU.sparse.numbytes", "1");
            byte[] pax = records.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry paxEntry =
                    new TarArchiveEntry("./PaxHeaders/" + name + i, TarConstants.LF_PAX_EXTENDED_HEADER_LC);
            paxEntry.setSize(pax.length);
            block(tar, paxEntry);
            tar.writeBytes(pad(pax));
            TarArchiveEntry file = new TarArchiveEntry(name + i);
            file.setSize(1);
            file.setMode(0644);
            block(tar, file);
            tar.writeBytes(pad(new byte[] {'x'}));
        }
        tar.writeBytes(new byte[1024]);
        return gzip(tar.toByteArray(), 0);
    }

    private static String record(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int length = body.length() + 1;
        while (Integer.toString(length).length() + body.length() != length) {
            length++;
        }
        return length + body;
    }

    private static void block(ByteArrayOutputStream out, TarArchiveEntry entry) {
        byte[] header = new byte[512];
        entry.writeEntryHeader(header);
        out.writeBytes(header);
    }

    private static byte[] pad(byte[] data) {
        byte[] out = new byte[(data.length + 511) / 512 * 512];
        System.arraycopy(data, 0, out, 0, data.length);
        return out;
    }

    /** One gzip member of {@code data} followed by {@code zeros} zero bytes. */
    private static byte[] gzip(byte[] data, int zeros) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
            gz.write(data);
            byte[] block = new byte[1 << 16];
            for (int left = zeros; left > 0; left -= block.length) {
                gz.write(block, 0, Math.min(left, block.length));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
