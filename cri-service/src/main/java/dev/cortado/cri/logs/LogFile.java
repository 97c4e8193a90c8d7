package dev.cortado.cri.logs;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One container's CRI log file, shared by its stream pumps. Opened as containerd's
 * {@code openLogFile} does ({@code pkg/cri/server/helpers_linux.go}: parent directories 0755,
 * file {@code O_CREATE|O_APPEND|O_WRONLY} 0640). Every {@link #write} is one batch of whole
 * records under the lock, so lines of two streams never mix and {@link #reopen} falls between
 * two writes. A failed write is logged once and the data dropped, as containerd does, so the
 * pumps keep draining and the container never blocks on a full disk. With no path, writes go
 * nowhere (a pod without log directory).
 */
final class LogFile implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogFile.class);

    private final String containerId;
    private final Optional<Path> path;
    // @GuardedBy("this"); null when discarding or closed
    private FileChannel channel;
    // @GuardedBy("this")
    private boolean writeFailed;

    private LogFile(String containerId, Optional<Path> path, FileChannel channel) {
        this.containerId = containerId;
        this.path = path;
        this.channel = channel;
    }

    static LogFile open(String containerId, Optional<Path> path) {
        if (path.isPresent() && !path.get().isAbsolute()) {
            throw CortadoException.invalidArgument(
                    "log path %s of container %s is not absolute", path.get(), containerId);
        }
        return new LogFile(containerId, path, path.isEmpty() ? null : openChannel(containerId, path.get()));
    }

    private static FileChannel openChannel(String containerId, Path file) {
        try {
            Files.createDirectories(
                    file.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            return FileChannel.open(
                    file,
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        } catch (IOException | UnsupportedOperationException e) {
            throw new CortadoException(
                    ErrorKind.FAILED_PRECONDITION,
                    "cannot open log file " + file + " of container " + containerId + ": " + e,
                    e);
        }
    }

    /** Appends {@code length} bytes of whole records; on failure logs once and drops them. */
    synchronized void write(byte[] records, int length) {
        if (channel == null || length == 0) {
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap(records, 0, length);
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            if (!writeFailed) {
                writeFailed = true;
                LOG.warn(
                        "writing the log of container {} to {} failed; output that cannot be written is dropped (logged once): {}",
                        containerId,
                        path.orElseThrow(),
                        e.toString());
            }
            cutTornRecord(records, buf.position());
        }
    }

    /**
     * A full disk can take part of a batch ({@code write(2)} returns short, then ENOSPC): cut the
     * file back to the last whole record, so a later write (after kubelet rotated and freed space)
     * never follows half a line. Only this class appends to the file, under this lock.
     */
    private void cutTornRecord(byte[] records, int written) {
        int whole = written;
        while (whole > 0 && records[whole - 1] != '\n') {
            whole--;
        }
        if (whole == written) {
            return;
        }
        try {
            channel.truncate(channel.size() - (written - whole));
        } catch (IOException e) {
            LOG.debug("cutting a torn record from {} failed: {}", path.orElseThrow(), e.toString());
        }
    }

    /** Opens the path anew (kubelet renamed the old file), then closes the old one. */
    synchronized void reopen() {
        if (path.isEmpty()) {
            return;
        }
        if (channel == null) {
            throw CortadoException.failedPrecondition("log of container %s is closed", containerId);
        }
        FileChannel fresh = openChannel(containerId, path.get());
        FileChannel old = channel;
        channel = fresh;
        writeFailed = false;
        closeQuietly(old);
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            closeQuietly(channel);
            channel = null;
        }
    }

    private void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.warn(
                    "closing the log file {} of container {} failed: {}",
                    path.orElseThrow(),
                    containerId,
                    e.toString());
        }
    }
}
