package dev.cortado.cri.container;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * One read-write lock per pod: CreateContainer holds the read side, so creates in one pod run in
 * parallel, while StopPodSandbox and RemovePodSandbox hold the write side for their sweep of the
 * pod's containers, so no container is created behind the sweep's back.
 */
final class PodGates {
    private final ConcurrentHashMap<String, ReadWriteLock> gates = new ConcurrentHashMap<>();

    <T> T shared(String podId, Supplier<T> work) {
        ReadWriteLock gate = gates.computeIfAbsent(podId, k -> new ReentrantReadWriteLock());
        gate.readLock().lock();
        try {
            return work.get();
        } finally {
            gate.readLock().unlock();
        }
    }

    void exclusive(String podId, Runnable work) {
        ReadWriteLock gate = gates.computeIfAbsent(podId, k -> new ReentrantReadWriteLock());
        gate.writeLock().lock();
        try {
            work.run();
        } finally {
            gate.writeLock().unlock();
        }
    }

    /** Forgets a removed pod's gate. */
    void forget(String podId) {
        gates.remove(podId);
    }
}
