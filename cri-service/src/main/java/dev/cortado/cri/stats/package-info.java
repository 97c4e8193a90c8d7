/**
 * Container and pod statistics for CRI (ContainerStats, ListContainerStats, PodSandboxStats,
 * ListPodSandboxStats and their streams), read straight from cgroup v2 files through the cgroups
 * library, so they are the same for every runtime handler: cpu (usage_nano_cores from the previous
 * sample, as containerd), memory (working set, usage, available, rss, page faults), swap, the
 * pod's process count, PSI, the writable layer's bytes and inodes, and the pod's network counters
 * from {@code /proc/<pid>/net/dev} of a process in its network namespace; and the same readings
 * as the cAdvisor metrics of ListPodSandboxMetrics. What the host does not offer is left unset,
 * never invented.
 */
package dev.cortado.cri.stats;
