package dev.cortado.shim.task;

import dev.cortado.errors.CortadoException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The tasks this server holds, from every containerd namespace, keyed by (namespace, id). */
public final class TaskRegistry {
    private final ConcurrentMap<TaskKey, Task> tasks = new ConcurrentHashMap<>();
    private final java.util.Set<TaskKey> reserved = ConcurrentHashMap.newKeySet();

    /** Reserves a key for a task being created; ALREADY_EXISTS if taken. */
    void reserve(TaskKey key) {
        if (tasks.containsKey(key) || !reserved.add(key)) {
            throw CortadoException.alreadyExists("task %s already exists", key);
        }
    }

    /** Releases a reservation (create failed or completed). */
    void release(TaskKey key) {
        reserved.remove(key);
    }

    void put(Task task) {
        tasks.put(task.key(), task);
    }

    /** The task, or NOT_FOUND. */
    public Task get(TaskKey key) {
        Task t = tasks.get(key);
        if (t == null) {
            throw CortadoException.notFound("task %s not found", key);
        }
        return t;
    }

    /** Whether a task of this key is held (being created does not count). */
    public boolean contains(TaskKey key) {
        return tasks.containsKey(key);
    }

    void remove(TaskKey key) {
        tasks.remove(key);
    }

    /** Every task. */
    public List<Task> all() {
        return List.copyOf(tasks.values());
    }

    /** Whether no task is held or being created. */
    public boolean isEmpty() {
        return tasks.isEmpty() && reserved.isEmpty();
    }
}
