package dev.cortado.cri.sandbox;

import dev.cortado.cgroups.resources.CriLinuxContainerResources;

/** Pod cgroups: created under the pod's {@code cgroup_parent}, removed with the pod. */
public interface PodCgroups {
    /** Creates the pod's cgroup and returns its path below the cgroup2 root. */
    String create(String podId, String cgroupParent);

    /** Moves a process into the pod's cgroup. */
    void addProcess(String path, long pid);

    /** Applies pod-level limits where the host's hierarchy has the controllers. */
    void update(String path, CriLinuxContainerResources resources);

    /** Removes the pod's cgroup (and its descendants, all ours); idempotent. Never its parents. */
    void remove(String path);
}
