package dev.cortado.cri.stats;

import dev.cortado.cri.sandbox.Sandbox;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One pod's statistics: its cgroup (kubelet's pod cgroup, the {@code cgroup_parent}, which holds
 * every container of the pod, as containerd reads it), its network, and its running containers.
 */
public record PodStats(
        Sandbox sandbox, UsageStats usage, Optional<NetworkStats> network, List<ContainerStats> containers) {
    public PodStats {
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(network, "network");
        containers = List.copyOf(containers);
    }
}
