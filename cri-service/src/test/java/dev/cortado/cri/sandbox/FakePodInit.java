package dev.cortado.cri.sandbox;

import dev.cortado.errors.CortadoException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Pretend inits: pids from 1000 up, alive until stopped. */
final class FakePodInit implements PodInit {
    final Set<Long> alive = ConcurrentHashMap.newKeySet();
    private final AtomicLong next = new AtomicLong(1000);
    volatile boolean fail;

    @Override
    public Started start(String podId, Path pin) {
        if (fail) {
            throw CortadoException.unavailable("injected init failure");
        }
        long pid = next.getAndIncrement();
        alive.add(pid);
        return new Started(pid, pid * 10, pid + 5000);
    }

    @Override
    public void stop(long pid, long startTime) {
        alive.remove(pid);
    }

    @Override
    public boolean alive(long pid, long startTime) {
        return alive.contains(pid);
    }
}
