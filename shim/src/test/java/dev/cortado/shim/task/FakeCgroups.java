package dev.cortado.shim.task;

import dev.cortado.cgroups.control.CgroupStats;
import dev.cortado.cgroups.resources.OciLinuxResources;
import dev.cortado.cgroups.stats.CpuStat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link TaskCgroups} in memory: records frozen cgroups and the last update. */
public final class FakeCgroups implements TaskCgroups {
    public final Set<String> frozen = ConcurrentHashMap.newKeySet();
    public volatile OciLinuxResources lastUpdate;

    public void freeze(String path) {
        frozen.add(path);
    }

    public void thaw(String path) {
        frozen.remove(path);
    }

    public boolean isFrozen(String path) {
        return frozen.contains(path);
    }

    public CgroupStats stats(String path) {
        return CgroupStats.builder().cpu(new CpuStat(1234, 1000, 234, 0, 0, 0)).build();
    }

    /** What the next update under WARN reports as dropped. */
    public volatile List<dev.cortado.cgroups.controller.DroppedLimit> dropOnUpdate = List.of();

    public volatile dev.cortado.shim.options.LimitPolicy lastPolicy;

    public List<dev.cortado.cgroups.controller.DroppedLimit> update(
            String path, OciLinuxResources resources, dev.cortado.shim.options.LimitPolicy policy) {
        lastUpdate = resources;
        lastPolicy = policy;
        return policy == dev.cortado.shim.options.LimitPolicy.WARN ? dropOnUpdate : List.of();
    }

    public List<Long> pids(String path) {
        return List.of(1001L);
    }

    public final List<String> signalled = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void signalAll(String path, int signal) {
        signalled.add(path + " " + signal);
    }

    public final Set<String> removed = ConcurrentHashMap.newKeySet();

    public void remove(String path) {
        removed.add(path);
    }

    public AutoCloseable watchOom(String path, Runnable onOom) {
        return () -> {};
    }
}
