package dev.cortado.shim.io;

import dev.cortado.errors.CortadoException;
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
 * parent directories created, as the runc shim does). {@code binary://} logging binaries are
 * {@link LogBinary}'s; {@code binary-v2://} (containerd 2.x) fails with UNIMPLEMENTED.
 */
final class StdioTarget {
    private StdioTarget() {
    }

    /** Opens for writing; blocks on a fifo until containerd's reader is there. */
    static OutputStream openOutput(String path) throws IOException {
        if (path.startsWith("file://")) {
            Path file = Path.of(URI.create(path));
            Files.createDirectories(file.getParent());
            return new FileOutputStream(file.toFile(), true);
        }
        rejectUnsupported(path);
        return new FileOutputStream(path, true);
    }

    /** Opens for reading; blocks on a fifo until a writer is there. */
    static InputStream openInput(String path) throws IOException {
        rejectUnsupported(path);
        return new FileInputStream(path.startsWith("file://") ? Path.of(URI.create(path)).toString() : path);
    }

    /** Fails early for stdio schemes this shim cannot serve. */
    static void rejectUnsupported(String path) {
        if (path.startsWith("binary-v2://")) {
            throw CortadoException.unimplemented("logging binaries are not supported yet: %s", path);
        }
    }
}
