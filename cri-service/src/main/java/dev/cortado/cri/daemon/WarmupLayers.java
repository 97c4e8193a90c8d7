package dev.cortado.cri.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The layers of the warm-up image ({@link PullWarmup}, {@link CdsTraining}): shaped like a real
 * image's so that every per-entry and per-byte step of an unpack runs often enough to be compiled:
 * a base layer of directories, small files, symbolic links and a hard link (the per-entry work),
 * and a data layer of a file of bytes that gzip cannot shrink (the per-byte work: SHA-256, inflate,
 * copy) and a file of zeros (written as a hole).
 */
final class WarmupLayers {
    /** Bytes of the data file: enough calls of SHA-256's block function for C2 at every pull. */
    static final int DATA_BYTES = 3 << 20;

    private WarmupLayers() {}

    /** The two layer tars, bottom first. */
    static List<byte[]> build() throws IOException {
        return List.of(base(), data());
    }

    private static byte[] base() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int d = 0; d < 16; d++) {
                String dir = "usr/lib/warmup" + d + "/";
                directory(tar, dir);
                for (int f = 0; f < 12; f++) {
                    file(
                            tar,
                            dir + "file" + f,
                            ("warm-up file " + d + "/" + f + "\n")
                                    .repeat(40 + f * 8)
                                    .getBytes(StandardCharsets.UTF_8));
                }
                TarArchiveEntry link = new TarArchiveEntry(dir + "link", TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("file0");
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
            TarArchiveEntry hard = new TarArchiveEntry("usr/lib/warmup0/hardlink", TarArchiveEntry.LF_LINK);
            hard.setLinkName("usr/lib/warmup0/file1");
            tar.putArchiveEntry(hard);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] data() throws IOException {
        // a random 64 KiB block repeated: more than deflate's 32 KiB window, so it does not
        // compress, yet it costs no more to make than one block
        byte[] block = new byte[1 << 16];
        new Random(16).nextBytes(block);
        byte[] data = new byte[DATA_BYTES];
        for (int off = 0; off < data.length; off += block.length) {
            System.arraycopy(block, 0, data, off, Math.min(block.length, data.length - off));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(DATA_BYTES + (2 << 20));
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            directory(tar, "var/lib/warmup/");
            file(tar, "var/lib/warmup/data", data);
            file(tar, "var/lib/warmup/zeros", new byte[1 << 20]);
        }
        return bytes.toByteArray();
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry dir = new TarArchiveEntry(name);
        dir.setMode(040755);
        tar.putArchiveEntry(dir);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry file = new TarArchiveEntry(name);
        file.setSize(content.length);
        file.setMode(0100644);
        tar.putArchiveEntry(file);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
