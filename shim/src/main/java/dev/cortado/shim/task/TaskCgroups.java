package dev.cortado.shim.task;

import dev.cortado.cgroups.control.CgroupStats;
import dev.cortado.cgroups.controller.DroppedLimit;
import dev.cortado.cgroups.resources.OciLinuxResources;
import dev.cortado.shim.options.LimitPolicy;
import java.util.List;

/** The cgroup operations a task needs, by its spec's {@code cgroupsPath}. */
public interface TaskCgroups {

    /** Freezes every process of the cgroup. */
    void freeze(String cgroupsPath);

    /** Thaws the cgroup. */
    void thaw(String cgroupsPath);

    /** Whether the cgroup is frozen now (read back after a restart). */
    boolean isFrozen(String cgroupsPath);

    /** Reads the cgroup's statistics. */
    CgroupStats stats(String cgroupsPath);

    /**
     * Applies new limits, all or nothing; under {@link LimitPolicy#WARN} those the host cannot
     * enforce are left out and returned (under REFUSE they fail the update, and none are returned).
     */
    List<DroppedLimit> update(String cgroupsPath, OciLinuxResources resources, LimitPolicy policy);

    /** The pids in the cgroup and its descendants. */
    List<Long> pids(String cgroupsPath);

    /** Sends {@code signal} to every process in the cgroup and its descendants (runc kill --all). */
    void signalAll(String cgroupsPath, int signal);

    /** Removes the cgroup once its processes are gone; a missing cgroup is not an error. */
    void remove(String cgroupsPath);

    /** Calls {@code onOom} for every OOM kill until the returned handle is closed. */
    AutoCloseable watchOom(String cgroupsPath, Runnable onOom);
}
