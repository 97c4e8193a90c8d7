package dev.cortado.cri.container;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per container id: calls on one container (start, stop, remove, its exit) run one at a
 * time, calls on different containers in parallel. Reentrant, so remove may stop under its lock.
 */
final class KeyedLocks {
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    <T> T with(String id, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    void run(String id, Runnable work) {
        with(id, () -> {
            work.run();
            return null;
        });
    }

    /** Forgets a removed container's lock; a caller still holding it finds the record gone. */
    void forget(String id) {
        locks.remove(id);
    }
}
