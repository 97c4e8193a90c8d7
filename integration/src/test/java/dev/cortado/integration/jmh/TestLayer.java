package dev.cortado.integration.jmh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A layer shaped like a distribution's: {@value #DIRS} directories holding {@value #SMALL_FILES}
 * small text files (200 B to 4 KiB), {@value #LARGE_FILES} binaries of 4 MiB that compress about
 * 2:1, a symlink per directory and one hardlink; as a plain tar and as gzip.
 */
final class TestLayer {
    static final int DIRS = 50;
    static final int SMALL_FILES = 2000;
    static final int LARGE_FILES = 4;
    static final int LARGE_SIZE = 4 << 20;
    /** Entries: the directories, files, symlinks and the hardlink. */
    static final int ENTRIES = DIRS + SMALL_FILES + LARGE_FILES + DIRS + 1;

    final byte[] tar;
    final byte[] gzip;
    /** Bytes of file content in the layer. */
    final long contentBytes;

    /** The one layer, built on first use (a second or two) and shared: it is never changed. */
    static TestLayer get() {
        return Holder.LAYER;
    }

    private static final class Holder {
        static final TestLayer LAYER = new TestLayer();
    }

    private TestLayer() {
        Random random = new Random(16);
        ByteArrayOutputStream out = new ByteArrayOutputStream(24 << 20);
        long content = 0;
        try (TarArchiveOutputStream tarOut = new TarArchiveOutputStream(out)) {
            tarOut.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int d = 0; d < DIRS; d++) {
                TarArchiveEntry dir = new TarArchiveEntry(dir(d) + "/");
                dir.setMode(0755);
                tarOut.putArchiveEntry(dir);
                tarOut.closeArchiveEntry();
            }
            for (int f = 0; f < SMALL_FILES; f++) {
                content += file(tarOut, smallFile(f), text(random, 200 + random.nextInt(3900)), 0644);
            }
            for (int f = 0; f < LARGE_FILES; f++) {
                content += file(tarOut, largeFile(f), binary(random), 0755);
            }
            for (int d = 0; d < DIRS; d++) {
                TarArchiveEntry link = new TarArchiveEntry(dir(d) + "/latest", TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("file-" + d + ".txt");
                tarOut.putArchiveEntry(link);
                tarOut.closeArchiveEntry();
            }
            TarArchiveEntry hard = new TarArchiveEntry("usr/bin/tool-copy", TarArchiveEntry.LF_LINK);
            hard.setLinkName(largeFile(0));
            tarOut.putArchiveEntry(hard);
            tarOut.closeArchiveEntry();
            tarOut.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tar = out.toByteArray();
        gzip = gzip(tar);
        contentBytes = content;
    }

    static String dir(int d) {
        return d < LARGE_FILES ? "usr/bin" + (d == 0 ? "" : d) : "usr/share/doc/package-" + d;
    }

    static String smallFile(int f) {
        return dir(f % DIRS) + "/file-" + f + ".txt";
    }

    static String largeFile(int f) {
        return "usr/bin/tool-" + f;
    }

    private static long file(TarArchiveOutputStream tarOut, String name, byte[] data, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        entry.setMode(mode);
        tarOut.putArchiveEntry(entry);
        tarOut.write(data);
        tarOut.closeArchiveEntry();
        return data.length;
    }

    private static byte[] text(Random random, int size) {
        StringBuilder b = new StringBuilder(size + 16);
        while (b.length() < size) {
            b.append("line ").append(random.nextInt(100_000)).append(" of some documentation text\n");
        }
        return b.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    /** Bytes of 4 random bits each, half of them zero runs: roughly 2:1 under gzip. */
    private static byte[] binary(Random random) {
        byte[] data = new byte[LARGE_SIZE];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (random.nextInt(16) * ((i >> 12) & 1));
        }
        return data;
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2);
        try (OutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
