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
public record Sandbox(
        String id,
        PodConfig config,
        SandboxState state,
        long createdAtNanos,
        SandboxNetwork network,
        PodNamespaces namespaces,
        String cgroupPath,
        String bootId) {
    public Sandbox {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(namespaces, "namespaces");
        cgroupPath = Objects.requireNonNullElse(cgroupPath, "");
        Objects.requireNonNull(bootId, "bootId");
    }

    /** A builder with every part unset: {@link Builder#build} checks the required ones. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this record's values. */
    public Builder toBuilder() {
        return new Builder()
                .id(id)
                .config(config)
                .state(state)
                .createdAtNanos(createdAtNanos)
                .network(network)
                .namespaces(namespaces)
                .cgroupPath(cgroupPath)
                .bootId(bootId);
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

    /** Builds a {@link Sandbox} by name instead of eight positional parts. */
    public static final class Builder {
        private String id;
        private PodConfig config;
        private SandboxState state;
        private long createdAtNanos;
        private SandboxNetwork network;
        private PodNamespaces namespaces;
        private String cgroupPath;
        private String bootId;

        private Builder() {}

        public Builder id(String v) {
            id = v;
            return this;
        }

        public Builder config(PodConfig v) {
            config = v;
            return this;
        }

        public Builder state(SandboxState v) {
            state = v;
            return this;
        }

        public Builder createdAtNanos(long v) {
            createdAtNanos = v;
            return this;
        }

        public Builder network(SandboxNetwork v) {
            network = v;
            return this;
        }

        public Builder namespaces(PodNamespaces v) {
            namespaces = v;
            return this;
        }

        public Builder cgroupPath(String v) {
            cgroupPath = v;
            return this;
        }

        public Builder bootId(String v) {
            bootId = v;
            return this;
        }

        public Sandbox build() {
            return new Sandbox(id, config, state, createdAtNanos, network, namespaces, cgroupPath, bootId);
        }
    }
}
