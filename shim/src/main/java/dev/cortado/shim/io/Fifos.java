package dev.cortado.shim.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Named pipes on disk: made through the {@link FifoWriters} port (no {@code mkfifo} binary), or an existing one reused, with exact permissions; removed quietly. */
final class Fifos {
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;

    private Fifos() {}

    /**
     * Makes a fifo with {@code permissions} (e.g. {@code rw-------}), creating missing parent
     * directories owner-only; an existing fifo is kept (a restarted shim finds its own), any other
     * file there is an error.
     */
    static void make(FifoWriters fifos, Path fifo, String permissions) throws IOException {
        Set<PosixFilePermission> perms = PosixFilePermissions.fromString(permissions);
        Files.createDirectories(
                fifo.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)) {
            if (((int) Files.getAttribute(fifo, "unix:mode", LinkOption.NOFOLLOW_LINKS) & S_IFMT) != S_IFIFO) {
                throw new IOException(fifo + " exists and is not a fifo");
            }
        } else {
            fifos.make(fifo.toString()); // owner-only from the start; the permissions asked for follow
        }
        Files.setPosixFilePermissions(fifo, perms);
    }

    /** Removes a fifo if it is there; a leftover is harmless, so failures are ignored. */
    static void deleteQuietly(Path fifo) {
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException e) {
            // left behind
        }
    }
}
