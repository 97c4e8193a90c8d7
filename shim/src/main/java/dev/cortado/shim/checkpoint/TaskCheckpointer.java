package dev.cortado.shim.checkpoint;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.task.Lifecycle;
import dev.cortado.shim.task.Task;
import dev.cortado.shim.task.TaskKey;
import dev.cortado.shim.task.TaskRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task API Checkpoint: dumps a running task's process tree (its init process and every
 * descendant) with {@code criu dump} into the image dir containerd names, as
 * containerd-shim-runc-v2's {@code Init.checkpoint}: the task keeps running unless
 * {@link CheckpointSettings#exit()}, criu works in {@code work_path} or a temporary dir removed
 * afterwards, and a failed dump leaves its log as {@code <bundle>/criu-dump.log}, named in the
 * error. The monitor stays the parent of the task throughout: criu seizes the tree with ptrace
 * and, with {@code exit}, kills it, which the monitor reports as the task's exit. A paused task
 * (containerd pauses one before its checkpoint) is collected through its frozen cgroup and stays
 * paused.
 */
public final class TaskCheckpointer {
    private static final Logger LOG = LoggerFactory.getLogger(TaskCheckpointer.class);

    private final TaskRegistry registry;
    private final CriuRunner criu;
    private final CriuCheck check;
    private final Path proc;
    private final Function<String, Optional<Path>> cgroupDir;

    /** A checkpointer that refuses paused tasks (it cannot name their freezer to criu). */
    public TaskCheckpointer(TaskRegistry registry, CriuRunner criu) {
        this(registry, criu, cgroupsPath -> Optional.empty());
    }

    /** @param cgroupDir the directory of a task's cgroup ({@code cgroupsPath}), whose freezer a paused task is in */
    public TaskCheckpointer(TaskRegistry registry, CriuRunner criu, Function<String, Optional<Path>> cgroupDir) {
        this(registry, criu, new CriuCheck(criu), Path.of("/proc"), cgroupDir);
    }

    TaskCheckpointer(
            TaskRegistry registry,
            CriuRunner criu,
            CriuCheck check,
            Path proc,
            Function<String, Optional<Path>> cgroupDir) {
        this.registry = registry;
        this.criu = criu;
        this.check = check;
        this.proc = proc;
        this.cgroupDir = cgroupDir;
    }

    /** Dumps the task into {@code images}; FAILED_PRECONDITION when it is not running or criu cannot. */
    public void checkpoint(TaskKey key, Path images, CheckpointSettings settings) {
        if (!images.isAbsolute()) {
            throw CortadoException.invalidArgument("checkpoint of task %s: path %s is not absolute", key, images);
        }
        Task task = registry.get(key);
        Lifecycle state = task.init().state();
        if (state != Lifecycle.RUNNING && state != Lifecycle.PAUSED) {
            throw CortadoException.failedPrecondition(
                    "cannot checkpoint task %s: it is %s, not running", key, state.label());
        }
        check.require("checkpoint task " + key);
        Optional<Path> frozen = Optional.empty();
        if (state == Lifecycle.PAUSED) {
            String cgroup = task.spec().linux().cgroupsPath();
            frozen = cgroup == null || cgroup.isEmpty() ? Optional.empty() : cgroupDir.apply(cgroup);
            if (frozen.isEmpty()) {
                throw CortadoException.failedPrecondition(
                        "cannot checkpoint task %s: it is paused and its cgroup %s cannot be handed to criu",
                        key, cgroup);
            }
        }
        int pid = task.init().pid();
        Path work =
                settings.workPath().map(Path::of).orElseGet(() -> task.bundle().resolve("criu-work"));
        try {
            Files.createDirectories(images);
            Files.createDirectories(work);
        } catch (IOException e) {
            throw CortadoException.failedPrecondition(
                    "checkpoint of task %s: cannot create %s or %s: %s", key, images, work, e.getMessage());
        }
        Path root = proc.resolve(Integer.toString(pid)).resolve("root");
        List<String> args = DumpArguments.of(
                pid,
                task.spec(),
                images,
                work,
                settings,
                TaskCheckpointer::inode,
                masked -> Files.isRegularFile(root.resolve(masked.substring(1))),
                frozen);
        try {
            CriuRunner.Result r = criu.run(args);
            if (!r.ok()) {
                throw dumpFailed(key, task.bundle(), work, r);
            }
            LOG.info(
                    "task {} checkpointed to {} (pid {}, {})",
                    key,
                    images,
                    pid,
                    settings.exit() ? "stopped" : "left running");
        } finally {
            if (settings.workPath().isEmpty()) {
                deleteTree(work);
            }
        }
    }

    private static CortadoException dumpFailed(TaskKey key, Path bundle, Path work, CriuRunner.Result r) {
        Path log = bundle.resolve("criu-dump.log");
        String reasons = CriuCheck.summary(r);
        String where;
        try {
            Files.copy(work.resolve(DumpArguments.DUMP_LOG), log, StandardCopyOption.REPLACE_EXISTING);
            // criu writes its reasons to the log, not to its output
            // lines read "(00.012345) Error (criu/mount.c:1234): ..." at -v4
            List<String> errors = Files.readAllLines(log).stream()
                    .filter(l -> l.contains("Error ("))
                    .map(l -> l.substring(l.indexOf("Error (")))
                    .toList();
            if (!errors.isEmpty()) {
                reasons = String.join("; ", errors.subList(Math.max(0, errors.size() - 5), errors.size()));
            }
            where = "; log " + log;
        } catch (IOException e) {
            where = "; no dump log (" + e.getMessage() + ")";
        }
        return CortadoException.failedPrecondition(
                "checkpoint of task %s: criu dump failed (exit status %d): %s%s", key, r.code(), reasons, where);
    }

    private static OptionalLong inode(String path) {
        try {
            return OptionalLong.of(((Number) Files.getAttribute(Path.of(path), "unix:ino")).longValue());
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("cannot read the inode of namespace {}: criu will dump it as the task's own", path);
            return OptionalLong.empty();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove criu's work dir {}: {}", dir, e.toString());
        }
    }
}
