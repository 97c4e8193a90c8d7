package dev.cortado.cgroups.control;

import dev.cortado.cgroups.CgroupFs;
import dev.cortado.cgroups.CgroupPath;
import dev.cortado.cgroups.Hierarchy;
import dev.cortado.cgroups.controller.WritePlan;
import dev.cortado.cgroups.resources.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** A handle on one existing cgroup: limits, processes, stats, freeze, kill and events. */
public final class Cgroup {
    private final CgroupFs fs;
    private final Hierarchy hierarchy;
    private final CgroupPath path;
    private final Path dir;
    private final Ticker ticker;
    private final Signaller signaller;
    private final List<String> hugepageSizes;

    Cgroup(
            CgroupFs fs,
            Hierarchy hierarchy,
            CgroupPath path,
            Path dir,
            Ticker ticker,
            Signaller signaller,
            List<String> hugepageSizes) {
        this.fs = fs;
        this.hierarchy = hierarchy;
        this.path = path;
        this.dir = dir;
        this.ticker = ticker;
        this.signaller = signaller;
        this.hugepageSizes = hugepageSizes;
    }

    /** Returns the cgroup's path relative to the hierarchy root. */
    public CgroupPath path() {
        return path;
    }

    /** Returns the cgroup's directory. */
    public Path dir() {
        return dir;
    }

    /**
     * Updates the limits of the live cgroup: all writes apply, or the earlier ones are rolled back and
     * the error names the write that failed (UNSUPPORTED before any write for a missing controller).
     */
    public void update(Resources resources) {
        apply(WritePlan.of(resources, hierarchy));
    }

    /** Applies a plan made for this cgroup's hierarchy (e.g. a {@link WritePlan#lenient} one), all or nothing. */
    public void update(WritePlan plan) {
        apply(plan);
    }

    void apply(WritePlan plan) {
        new ResourceApplier(fs).apply(dir, plan, hierarchy.mode().label());
    }

    /** Moves a process into this cgroup. */
    public void addProcess(long pid) {
        new Processes(fs).add(dir, path.isRoot(), pid);
    }

    /** Returns the pids directly in this cgroup. */
    public List<Long> processes() {
        return new Processes(fs).list(dir);
    }

    /** Returns the pids in this cgroup and all descendants. */
    public List<Long> processesRecursive() {
        return new Processes(fs).listRecursive(dir);
    }

    /** Reads every statistic the cgroup offers. */
    public CgroupStats stats() {
        return new StatsReader(fs, ticker).read(dir, hugepageSizes);
    }

    /** Freezes the cgroup and waits until the kernel reports it frozen. */
    public void freeze(Duration timeout) {
        new Freezer(fs, ticker).set(dir, true, timeout);
    }

    /** Thaws the cgroup and waits until the kernel reports it thawed. */
    public void thaw(Duration timeout) {
        new Freezer(fs, ticker).set(dir, false, timeout);
    }

    /** Returns whether {@code cgroup.events} reports the cgroup frozen. */
    public boolean isFrozen() {
        return new Freezer(fs, ticker).isFrozen(dir);
    }

    /** Kills every process in the subtree and waits until it is empty. */
    public void killAll(Duration timeout) {
        new Killer(fs, signaller, ticker).killAll(dir, timeout);
    }

    /** Starts watching for OOM kills and emptiness; close the watcher to stop. */
    public EventsWatcher watch(Consumer<CgroupEvent> listener, Duration pollInterval, boolean useInotify) {
        EventsWatcher w = new EventsWatcher(fs, dir, listener, pollInterval, useInotify);
        w.start();
        return w;
    }
}
