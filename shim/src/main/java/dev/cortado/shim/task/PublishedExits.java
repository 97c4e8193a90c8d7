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
 * the two repeats that one exit (never loses it): no marker written before sending could tell
 * whether containerd got it, as Events/Forward has no idempotency key. The repeat is the same
 * event (container, id, pid, code and exit time: the pid from {@code pid}, written when the
 * process was watched, since a monitor forgets it once its process exited), which containerd's
 * CRI and cortado's both take as the one exit (they record the first and ignore an exited
 * container's next); only a raw {@code ctr events} shows it twice.
 */
final class PublishedExits {
    private static final Logger LOG = LoggerFactory.getLogger(PublishedExits.class);
    static final String FILE = "exit-published";
    static final String PID_FILE = "pid";

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

    /**
     * Keeps the pid of {@code execId} (empty: init) of {@code key} once (temp and rename, no
     * fsync: the monitors do not outlive the host either); quiet when the task is gone.
     */
    void rememberPid(TaskKey key, String execId, int pid) {
        Path dir = store.processDir(key, execId);
        if (pid <= 0 || Files.exists(dir.resolve(PID_FILE))) {
            return;
        }
        try {
            Path tmp = dir.resolve(PID_FILE + ".tmp");
            Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, dir.resolve(PID_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            // deleted meanwhile
        } catch (IOException e) {
            LOG.warn("cannot keep the pid of {} {}: {}", key, execId, e.toString());
        }
    }

    /** The pid kept in a process's state directory, 0 when none was. */
    static int pidIn(Path stateDir) {
        try {
            return Integer.parseInt(Files.readString(stateDir.resolve(PID_FILE), StandardCharsets.US_ASCII)
                    .trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
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
