package dev.cortado.cri.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** File helpers the container service needs. */
final class Files2 {
    private Files2() {}

    /**
     * temp + rename, so the shim never reads half a {@code config.json}. No fsync: the rename is
     * atomic for every process, and a process crash ({@code kill -9} of cortado or the shim) loses
     * nothing the kernel's page cache holds; only a power loss could leave a short file, and the
     * containers of a bundle do not outlive one (their task is then lost, as after any reboot).
     * Renamed before the shim is told to read it, so the order of the two is kept.
     */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
