package dev.cortado.cri.sandbox;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** One lock per pod id: calls on one pod run one at a time, calls on different pods in parallel. */
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

    /** Forgets a removed pod's lock; a caller still holding it finds the pod gone. */
    void forget(String id) {
        locks.remove(id);
    }
}
