package dev.cortado.shim.io;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a containerd stdio path: a fifo or plain path, or a {@code file://} URI (appended to,
 * parent directories created, as the runc shim does). Logging binaries are {@link LogBinary}'s.
 */
final class StdioTarget {
    private StdioTarget() {
    }

    /** Opens for writing; blocks on a fifo until containerd's reader is there. */
    static OutputStream openOutput(String path) throws IOException {
        if (StdioScheme.of(path) == StdioScheme.FILE) {
            Path file = Path.of(URI.create(path));
            Files.createDirectories(file.getParent());
            return new FileOutputStream(file.toFile(), true);
        }
        return new FileOutputStream(path, true);
    }

    /** Opens for reading; blocks on a fifo until a writer is there. */
    static InputStream openInput(String path) throws IOException {
        return new FileInputStream(StdioScheme.of(path) == StdioScheme.FILE ? Path.of(URI.create(path)).toString() : path);
    }
}
