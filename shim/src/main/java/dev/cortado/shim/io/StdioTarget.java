package dev.cortado.shim.io;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Opens a containerd stdio path: a fifo or plain path, or a {@code file://} URI (appended to,
 * parent directories created, as the runc shim does). Logging binaries are {@link LogBinary}'s.
 */
final class StdioTarget {
    private StdioTarget() {}

    /**
     * Opens for writing. A fifo is opened read-write, as containerd's shim keeps a read end of its
     * own: the open never waits for the reader, and when the reader goes away (cortado or
     * containerd killed) writes do not fail with EPIPE but fill the pipe and then wait, so the
     * restarted reader gets every byte. A plain file is appended to.
     */
    static OutputStream openOutput(String path) throws IOException {
        if (StdioScheme.of(path) == StdioScheme.FILE) {
            Path file = Path.of(URI.create(path));
            Files.createDirectories(file.getParent());
            return new FileOutputStream(file.toFile(), true);
        }
        Path target = Path.of(path);
        if (Files.exists(target) && isFifo(target)) {
            // RandomAccessFile "rw" is open(O_RDWR); its fd written through a FileOutputStream is
            // write(2), where a FileChannel would ask for the (unseekable) position
            return new FileOutputStream(new RandomAccessFile(target.toFile(), "rw").getFD());
        }
        return new FileOutputStream(path, true);
    }

    private static boolean isFifo(Path path) throws IOException {
        return Files.readAttributes(path, PosixFileAttributes.class).isOther()
                && (((int) Files.getAttribute(path, "unix:mode") & 0170000) == 0010000);
    }

    /**
     * For a fifo, a write end held open (read-write: never waits for a reader) so its reader sees
     * no EOF while it is; null for any other path, whose reader needs none.
     */
    static OutputStream openSpareWriter(String path) throws IOException {
        if (StdioScheme.of(path) == StdioScheme.FILE) {
            return null;
        }
        Path target = Path.of(path);
        if (Files.exists(target) && isFifo(target)) {
            return new FileOutputStream(new RandomAccessFile(target.toFile(), "rw").getFD());
        }
        return null;
    }

    /** Opens for reading; blocks on a fifo until a writer is there. */
    static InputStream openInput(String path) throws IOException {
        return new FileInputStream(
                StdioScheme.of(path) == StdioScheme.FILE
                        ? Path.of(URI.create(path)).toString()
                        : path);
    }
}
