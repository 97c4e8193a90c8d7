package dev.cortado.cri.sandbox;

import java.nio.file.Path;

/**
 * The init of a pod's own PID namespace. A PID namespace, unlike net, ipc or uts, dies with its
 * last process (and no process can be forked into it once its pid 1 is gone), so a pod that
 * shares one PID namespace between its containers ({@code pid: POD}, the CRI default) needs a
 * process that lives as long as the pod.
 */
public interface PodInit {
    /**
     * Starts the init in a new PID namespace and pins that namespace at {@code pin}.
     *
     * @return the init's host pid and start time
     */
    Started start(String podId, Path pin);

    /**
     * Kills the init if it is still the process that was started (pid and start time match);
     * killing pid 1 of a PID namespace makes the kernel kill every process in it. Idempotent.
     */
    void stop(long pid, long startTime);

    /** True when the init still runs (same pid and start time). */
    boolean alive(long pid, long startTime);

    /**
     * A started init: host pid and start time in clock ticks since boot, and the process that
     * launched it (outside the namespace), which must leave the daemon's cgroup too: a service
     * manager stopping cortado's cgroup must not take the pods along.
     */
    record Started(long pid, long startTime, long launcherPid) {}
}
