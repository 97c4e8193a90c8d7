package dev.cortado.cri.sandbox;

import java.util.Objects;

/**
 * One pod sandbox as persisted: what was asked for, its state, and what RunPodSandbox made for
 * it. Immutable; a change is a new record written in one store transaction.
 *
 * @param createdAtNanos wall-clock nanoseconds since the epoch (CRI {@code created_at})
 * @param cgroupPath the pod cgroup's path below the cgroup2 root, empty when none was made
 * @param bootId the host boot the namespaces and mounts belong to; after a reboot they are gone
 */
public record Sandbox(String id, PodConfig config, SandboxState state, long createdAtNanos, SandboxNetwork network,
        PodNamespaces namespaces, String cgroupPath, String bootId) {
    public Sandbox {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(namespaces, "namespaces");
        cgroupPath = Objects.requireNonNullElse(cgroupPath, "");
        Objects.requireNonNull(bootId, "bootId");
    }

    public Sandbox withState(SandboxState newState) {
        return new Sandbox(id, config, newState, createdAtNanos, network, namespaces, cgroupPath, bootId);
    }

    public Sandbox withConfig(PodConfig newConfig) {
        return new Sandbox(id, newConfig, state, createdAtNanos, network, namespaces, cgroupPath, bootId);
    }

    public SandboxMetadata metadata() {
        return config.metadata();
    }
}
