/**
 * Container and pod statistics for CRI (ContainerStats, ListContainerStats, PodSandboxStats,
 * ListPodSandboxStats), read straight from cgroup v2 files through the cgroups library, so they
 * are the same for every runtime handler: cpu (usage_nano_cores from the previous sample, as
 * containerd), memory (working set, usage, available, rss, page faults) where the hierarchy has
 * the memory controller, the writable layer's bytes and inodes, and the pod's network counters
 * from {@code /proc/<pid>/net/dev} of a process in its network namespace. What the host does
 * not offer is left unset, never invented.
 */
package dev.cortado.cri.stats;
