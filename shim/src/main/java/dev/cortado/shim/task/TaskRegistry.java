package dev.cortado.shim.task;

import dev.cortado.errors.CortadoException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tasks this server holds, from every containerd namespace, keyed by (namespace, id). A
 * restarted server serves while it re-adopts its tasks ({@link Readoption}): a call for a task
 * still being re-adopted waits for it (at most {@link #ADOPTION_WAIT_SECONDS}).
 */
public final class TaskRegistry {
    /** How long a call waits for its task's re-adoption before it is UNAVAILABLE. */
    static final long ADOPTION_WAIT_SECONDS = 10;

    private final ConcurrentMap<TaskKey, Task> tasks = new ConcurrentHashMap<>();
    private final java.util.Set<TaskKey> reserved = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<TaskKey, CompletableFuture<Void>> adopting = new ConcurrentHashMap<>();

    /** Marks a stored task as being re-adopted: calls for it wait until {@link #adopted}. */
    void expect(TaskKey key) {
        adopting.putIfAbsent(key, new CompletableFuture<>());
    }

    /** The re-adoption of {@code key} ended (put, or failed: then the task is not found). */
    void adopted(TaskKey key) {
        CompletableFuture<Void> f = adopting.remove(key);
        if (f != null) {
            f.complete(null);
        }
    }

    /** Reserves a key for a task being created; ALREADY_EXISTS if taken. */
    void reserve(TaskKey key) {
        if (tasks.containsKey(key) || adopting.containsKey(key) || !reserved.add(key)) {
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

    /** The task (once re-adopted, if it is being re-adopted), or NOT_FOUND. */
    public Task get(TaskKey key) {
        Task t = tasks.get(key);
        CompletableFuture<Void> adoption = t == null ? adopting.get(key) : null;
        if (adoption != null) {
            awaitAdoption(key, adoption);
            t = tasks.get(key);
        }
        if (t == null) {
            throw CortadoException.notFound("task %s not found", key);
        }
        return t;
    }

    /** Whether a task of this key is held (being created does not count). */
    public boolean contains(TaskKey key) {
        return tasks.containsKey(key);
    }

    private static void awaitAdoption(TaskKey key, CompletableFuture<Void> adoption) {
        try {
            adoption.get(ADOPTION_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CortadoException.unavailable("task %s is being re-adopted", key);
        } catch (TimeoutException | ExecutionException e) {
            throw CortadoException.unavailable("task %s is being re-adopted", key);
        }
    }

    void remove(TaskKey key) {
        tasks.remove(key);
    }

    /** Every task, once those being re-adopted are. */
    public List<Task> all() {
        adopting.forEach(TaskRegistry::awaitAdoption);
        return List.copyOf(tasks.values());
    }

    /** Whether no task is held, being created or being re-adopted. */
    public boolean isEmpty() {
        return tasks.isEmpty() && reserved.isEmpty() && adopting.isEmpty();
    }
}
