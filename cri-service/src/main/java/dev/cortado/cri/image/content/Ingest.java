package dev.cortado.cri.image.content;

import dev.cortado.cri.image.reference.Digest;
import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * One partial blob: bytes are appended while hashed, never beyond the expected size, and
 * {@link #commit()} checks size and digest before an atomic rename into {@code blobs/}.
 */
public final class Ingest implements AutoCloseable {
    private final Path dir;
    private final Path data;
    private final Path target;
    private final Digest expected;
    private final long expectedSize;
    private final Runnable release;
    private final FileChannel channel;
    private MessageDigest hash = Digest.newSha256();

    Ingest(Path dir, Path target, Digest expected, long expectedSize, Runnable release) throws IOException {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.target = target;
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.release = release;
        Files.createDirectories(dir);
        this.channel =
                FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (channel.size() > expectedSize) {
            channel.truncate(0);
        }
        rehash();
    }

    private void rehash() throws IOException {
        hash = Digest.newSha256();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        channel.position(0);
        while (channel.read(buffer) > 0) {
            buffer.flip();
            hash.update(buffer);
            buffer.clear();
        }
    }

    /** Bytes held so far: where a resumed download starts. */
    public long offset() throws IOException {
        return channel.size();
    }

    /** Drops every held byte. */
    public void restart() throws IOException {
        channel.truncate(0);
        channel.position(0);
        hash = Digest.newSha256();
    }

    /** Appends {@code in} to its end; more bytes than the descriptor's size fail the write. */
    public void append(InputStream in) throws IOException {
        append(in, (bytes, offset, length) -> {});
    }

    /**
     * Appends {@code in} to its end and passes each run of bytes to {@code then} once it is written
     * and hashed, so that what {@code then} saw is always exactly what the ingest holds (a retry
     * resumes where both stopped) and the digest checked at commit covers it.
     */
    public void append(InputStream in, Written then) throws IOException {
        byte[] buffer = new byte[1 << 16];
        channel.position(channel.size());
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (channel.size() + n > expectedSize) {
                throw CortadoException.failedPrecondition(
                        "blob %s is larger than its descriptor's %d bytes", expected, expectedSize);
            }
            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            hash.update(buffer, 0, n);
            then.accept(buffer, 0, n);
        }
    }

    /** Passes the bytes held so far (a resumed ingest's) to {@code to}, from the first. */
    public void replay(Written to) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long position = 0;
        int n;
        while ((n = channel.read(buffer, position)) > 0) {
            to.accept(buffer.array(), 0, n);
            position += n;
            buffer.clear();
        }
    }

    /** Told of bytes the ingest wrote. */
    @FunctionalInterface
    public interface Written {
        /** {@code length} bytes of {@code bytes} from {@code offset}; valid only during the call. */
        void accept(byte[] bytes, int offset, int length) throws IOException;
    }

    /** Verifies size and digest, then renames into place; a mismatch discards the bytes. */
    public void commit() throws IOException {
        long size = channel.size();
        Digest actual = Digest.fromMessageDigest(hash.digest());
        if (size != expectedSize || !actual.equals(expected)) {
            restart();
            throw CortadoException.failedPrecondition(
                    "unexpected commit of blob %s: got %d bytes with digest %s, want %d bytes",
                    expected, size, actual, expectedSize);
        }
        channel.force(true);
        Files.move(data, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel parent = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            parent.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
            if (Files.exists(target)) {
                Files.deleteIfExists(data);
                Files.deleteIfExists(dir);
            }
        } finally {
            release.run();
        }
    }
}
