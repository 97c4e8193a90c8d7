package dev.cortado.shim.task;

import dev.cortado.shim.spec.LinuxSpec;
import dev.cortado.shim.spec.Spec;

/**
 * The end of a container's cgroup: its leftover processes killed when the container has no
 * PID namespace of its own, then the directory removed.
 *
 * <p>A container with its own PID namespace loses every process when its init dies (the
 * kernel kills the namespace). One that shares the host's (kubelet's hostPID pods) or
 * another's keeps them, so they are killed through the cgroup, as runc does on delete
 * ({@code libcontainer.destroy}: {@code !IsPrivate(NEWPID)}) and containerd's runc shim on
 * init exit ({@code ShouldKillAllOnExit}).
 */
final class ContainerCgroup {
    private ContainerCgroup() {}

    /** Whether the spec creates a PID namespace of its own (one without a path). */
    static boolean hasOwnPidNamespace(Spec spec) {
        LinuxSpec linux = spec.linux();
        return linux != null
                && linux.namespaces().stream()
                        .anyMatch(ns -> "pid".equals(ns.type())
                                && (ns.path() == null || ns.path().isEmpty()));
    }

    /** SIGKILLs whatever is left in the cgroup of a container without its own PID namespace; best effort. */
    static void killLeftovers(TaskCgroups cgroups, Spec spec, TaskKey key) {
        String path = pathOf(spec);
        if (path != null && !hasOwnPidNamespace(spec)) {
            TaskService.bestEffort(() -> cgroups.signalAll(path, 9), "kill processes left in cgroup of " + key);
        }
    }

    /** Kills the leftovers (see {@link #killLeftovers}) and removes the cgroup; best effort. */
    static void end(TaskCgroups cgroups, Spec spec, TaskKey key) {
        String path = pathOf(spec);
        if (path != null) {
            killLeftovers(cgroups, spec, key);
            // runc deletes the container's cgroup with the container; so do we
            TaskService.bestEffort(() -> cgroups.remove(path), "remove cgroup of " + key);
        }
    }

    private static String pathOf(Spec spec) {
        if (spec == null || spec.linux() == null) {
            return null;
        }
        String path = spec.linux().cgroupsPath();
        return path == null || path.isEmpty() ? null : path;
    }
}
