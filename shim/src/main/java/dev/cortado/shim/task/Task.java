package dev.cortado.shim.task;

import dev.cortado.cgroups.controller.DroppedLimit;
import dev.cortado.errors.CortadoException;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A task: its bundle, spec, state directory, init process and exec processes. */
public final class Task {
    private final TaskKey key;
    private final Path bundle;
    private final Spec spec;
    private final Path stateDir;
    private final boolean rootfsMounted;
    private final TaskProcess init;
    private final TaskOptions options;
    private final ConcurrentMap<String, TaskProcess> execs = new ConcurrentHashMap<>();
    // @GuardedBy("execs")
    private final Set<String> reservedExecs = new HashSet<>();
    private volatile AutoCloseable oomWatch;
    private volatile List<DroppedLimit> droppedLimits = List.of();

    Task(
            TaskKey key,
            Path bundle,
            Spec spec,
            Path stateDir,
            boolean rootfsMounted,
            TaskProcess init,
            TaskOptions options) {
        this.key = key;
        this.options = options;
        this.bundle = bundle;
        this.spec = spec;
        this.stateDir = stateDir;
        this.rootfsMounted = rootfsMounted;
        this.init = init;
    }

    public TaskKey key() {
        return key;
    }

    public Path bundle() {
        return bundle;
    }

    public Spec spec() {
        return spec;
    }

    Path stateDir() {
        return stateDir;
    }

    boolean rootfsMounted() {
        return rootfsMounted;
    }

    /** The runtime options the task was created with, which its execs get too. */
    TaskOptions options() {
        return options;
    }

    public TaskProcess init() {
        return init;
    }

    /** The cgroup path of the container, from its spec. */
    String cgroupsPath() {
        return spec.linux() == null ? null : spec.linux().cgroupsPath();
    }

    /** The init process for an empty id, else the exec process; NOT_FOUND if absent. */
    public TaskProcess process(String execId) {
        if (execId == null || execId.isEmpty()) {
            return init;
        }
        TaskProcess p = execs.get(execId);
        if (p == null) {
            throw CortadoException.notFound("exec %s of task %s not found", execId, key);
        }
        return p;
    }

    /** The exec processes. */
    public List<TaskProcess> execs() {
        return List.copyOf(execs.values());
    }

    /**
     * Reserves an exec id before anything is spawned for it; ALREADY_EXISTS when an exec of
     * that id exists or is being created, so a duplicate Exec touches nothing of the live one.
     */
    void reserveExec(String execId) {
        synchronized (execs) {
            if (execs.containsKey(execId) || !reservedExecs.add(execId)) {
                throw CortadoException.alreadyExists("exec %s of task %s already exists", execId, key);
            }
        }
    }

    /** Ends a reservation (the exec was added, or its creation failed). */
    void releaseExec(String execId) {
        synchronized (execs) {
            reservedExecs.remove(execId);
        }
    }

    void addExec(TaskProcess p) {
        synchronized (execs) {
            if (execs.putIfAbsent(p.execId(), p) != null) {
                throw CortadoException.alreadyExists("exec %s of task %s already exists", p.execId(), key);
            }
        }
    }

    void removeExec(String execId) {
        synchronized (execs) {
            execs.remove(execId);
        }
    }

    /** The limits the host could not enforce, left out under {@code UnenforceableLimits = "warn"}. */
    public List<DroppedLimit> droppedLimits() {
        return droppedLimits;
    }

    /**
     * Records limits left out by a Create (all of them) or an Update (replacing an earlier entry
     * for the same file, whose value the update changed).
     */
    synchronized void addDroppedLimits(List<DroppedLimit> more) {
        java.util.Map<String, DroppedLimit> byFile = new java.util.LinkedHashMap<>();
        droppedLimits.forEach(d -> byFile.put(d.file(), d));
        more.forEach(d -> byFile.put(d.file(), d));
        droppedLimits = List.copyOf(byFile.values());
    }

    void oomWatch(AutoCloseable watch) {
        this.oomWatch = watch;
    }

    AutoCloseable oomWatch() {
        return oomWatch;
    }
}
