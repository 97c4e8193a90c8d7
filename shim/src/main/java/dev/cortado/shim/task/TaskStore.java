package dev.cortado.shim.task;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Task state on disk under {@code <root>/t/<hash>/}: {@code task.json} (written atomically),
 * the init monitor's directory {@code init/} and one {@code x-<hash>/} per exec. Names are
 * hashes so that monitor socket paths stay far below the 108-byte sun_path limit.
 */
public final class TaskStore {
    private static final Logger LOG = LoggerFactory.getLogger(TaskStore.class);
    /** The prefix of a removed task directory that is still being deleted. */
    private static final String REMOVED = ".removed-";

    private final Path root;
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private final JsonMapper json = JsonMapper.builder().build();
    private final ConcurrentMap<Path, Object> locks = new ConcurrentHashMap<>();
    private final java.util.concurrent.Executor cleanup;

    public TaskStore(Path root) {
        this(root, Runnable::run);
    }

    /**
     * A store whose removed task directories are deleted file by file on {@code cleanup}; the
     * removal itself is one rename, so a task is gone from the store (for {@code delete}, which
     * looks for its directory) as soon as {@link #remove} returns.
     */
    public TaskStore(Path root, java.util.concurrent.Executor cleanup) {
        this.root = root.resolve("t");
        this.cleanup = cleanup;
    }

    /** The task's directory. */
    public Path dirOf(TaskKey key) {
        return root.resolve(hash(key.namespace() + "/" + key.id(), 16));
    }

    /** The state directory of the init monitor ({@code execId} empty) or of an exec monitor. */
    public Path processDir(TaskKey key, String execId) {
        return execId.isEmpty() ? dirOf(key).resolve("init") : dirOf(key).resolve("x-" + hash(execId, 12));
    }

    /**
     * Writes the record atomically: a temp file of its own (concurrent saves of one task never
     * share one), renamed over {@code task.json}. Saves of one task are serialized, so the last
     * save's record is the one on disk. No fsync, of the file or the directory: the state root
     * must survive a crash of the server ({@code kill -9}, re-adoption by the next one), which the
     * page cache does, not a power loss, which ends every monitor and task it describes (the
     * root is on tmpfs, {@code /run}, in production).
     */
    public void save(TaskRecord record) {
        Path dir = dirOf(record.key());
        synchronized (lockOf(dir)) {
            Path tmp = null;
            try {
                Files.createDirectories(dir, OWNER_ONLY_DIR);
                tmp = Files.createTempFile(dir, "task.json.", ".tmp");
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.write(ByteBuffer.wrap(json.writeValueAsBytes(record)));
                }
                Files.move(
                        tmp,
                        dir.resolve("task.json"),
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                tmp = null;
            } catch (IOException e) {
                throw new CortadoException(ErrorKind.INTERNAL, "save state of task " + record.key() + " in " + dir, e);
            } finally {
                if (tmp != null) {
                    deleteQuietly(tmp);
                }
            }
        }
    }

    /** Saves the record of a live task, taken under the same lock as the write (the newest wins). */
    void save(Task task) {
        synchronized (lockOf(dirOf(task.key()))) {
            save(TaskRecord.of(task));
        }
    }

    /** Removes the state directory of one process (its create failed); best effort. */
    void removeProcessDir(TaskKey key, String execId) {
        deleteTree(processDir(key, execId));
    }

    private Object lockOf(Path dir) {
        return locks.computeIfAbsent(dir, d -> new Object());
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("remove temp file {}: {}", file, e.toString());
        }
    }

    /** Every readable record; unreadable ones are logged and skipped. */
    public List<TaskRecord> loadAll() {
        List<TaskRecord> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                if (dir.getFileName().toString().startsWith(REMOVED)) {
                    cleanup.execute(() -> deleteTree(dir)); // removed before a crash: not a task
                    continue;
                }
                Path file = dir.resolve("task.json");
                try {
                    out.add(json.readValue(Files.readString(file, StandardCharsets.UTF_8), TaskRecord.class));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("skipping unreadable task state {}: {}", file, e.toString());
                }
            }
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "list task states in " + root, e);
        }
        return out;
    }

    /**
     * Removes the task's directory: renamed out of the way at once (a name {@link #loadAll}
     * skips), then deleted on the cleanup executor; best effort, a missing one is fine.
     */
    public void remove(TaskKey key) {
        Path dir = dirOf(key);
        locks.remove(dir);
        Path removed = root.resolve(REMOVED + dir.getFileName() + "-" + System.nanoTime());
        try {
            Files.move(dir, removed, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        } catch (IOException e) {
            LOG.warn("rename task state {}: {}", dir, e.toString());
            deleteTree(dir);
            return;
        }
        cleanup.execute(() -> deleteTree(removed));
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("remove task state {}: {}", dir, e.toString());
        }
    }

    static String hash(String text, int hexChars) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, hexChars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
