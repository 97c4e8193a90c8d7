package dev.cortado.shim.task;

import dev.cortado.shim.process.ExitStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which exits containerd already received, kept next to the monitor's own {@code exit} file as
 * {@code exit-published} ({@code CODE NANOS}, written whole: temp, fsync, rename), so a server
 * restarted after {@code kill -9} re-adopts such a process as stopped and does not publish its
 * TaskExit a second time. The file is written after the publisher's delivery, so a crash between
 * the two can still repeat one exit (at least once), never lose it.
 */
final class PublishedExits {
    private static final Logger LOG = LoggerFactory.getLogger(PublishedExits.class);
    static final String FILE = "exit-published";

    private final TaskStore store;

    PublishedExits(TaskStore store) {
        this.store = store;
    }

    /** Records that the exit of {@code execId} (empty: init) of {@code key} was delivered; quiet once the task is deleted. */
    void record(TaskKey key, String execId, ExitStatus exit) {
        Path dir = store.processDir(key, execId);
        Path tmp = dir.resolve(FILE + ".tmp");
        String line = exit.code() + " "
                + (exit.exitedAt().getEpochSecond() * 1_000_000_000L
                        + exit.exitedAt().getNano()) + "\n";
        try {
            try (FileChannel ch = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            // deleted meanwhile (containerd deletes a task as soon as it has its exit): nothing to re-adopt
        } catch (IOException e) {
            LOG.warn("cannot record the published exit of {} {}: {}", key, execId, e.toString());
        }
    }

    /** The exit already published for this process, if any. */
    Optional<ExitStatus> of(TaskKey key, String execId) {
        try {
            String[] parts = Files.readString(store.processDir(key, execId).resolve(FILE))
                    .trim()
                    .split(" ");
            return Optional.of(ExitStatus.parse(parts[0], parts[1]));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("unreadable {} of {} {}: {}", FILE, key, execId, e.toString());
            return Optional.empty();
        }
    }
}
