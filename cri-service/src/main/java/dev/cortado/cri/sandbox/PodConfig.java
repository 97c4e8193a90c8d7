package dev.cortado.cri.sandbox;

import dev.cortado.cgroups.resources.CriLinuxContainerResources;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What RunPodSandbox asked for, as our own record (CRI's {@code PodSandboxConfig} plus the
 * runtime handler). Built with {@link #builder}.
 *
 * @param hostname empty for the host's name
 * @param dns absent: the pod gets a copy of the host's resolv.conf
 * @param cgroupParent empty for the configured default parent
 * @param sysctls namespaced sysctls, validated by {@link Sysctls}
 * @param runtimeHandler the handler the pod runs with (never empty once accepted)
 */
public record PodConfig(
        SandboxMetadata metadata,
        String hostname,
        String logDirectory,
        Optional<DnsConfig> dns,
        List<PortMapping> portMappings,
        Map<String, String> labels,
        Map<String, String> annotations,
        String cgroupParent,
        NamespaceOptions namespaces,
        Map<String, String> sysctls,
        String runtimeHandler,
        Optional<CriLinuxContainerResources> overhead,
        Optional<CriLinuxContainerResources> resources) {
    public PodConfig {
        Objects.requireNonNull(metadata, "metadata");
        hostname = Objects.requireNonNullElse(hostname, "");
        logDirectory = Objects.requireNonNullElse(logDirectory, "");
        Objects.requireNonNull(dns, "dns");
        portMappings = List.copyOf(portMappings);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        cgroupParent = Objects.requireNonNullElse(cgroupParent, "");
        Objects.requireNonNull(namespaces, "namespaces");
        sysctls = Map.copyOf(sysctls);
        runtimeHandler = Objects.requireNonNullElse(runtimeHandler, "");
        Objects.requireNonNull(overhead, "overhead");
        Objects.requireNonNull(resources, "resources");
    }

    public static Builder builder(SandboxMetadata metadata) {
        return new Builder(metadata);
    }

    /** This config with another runtime handler (the default filled in). */
    public PodConfig withRuntimeHandler(String handler) {
        return new PodConfig(
                metadata,
                hostname,
                logDirectory,
                dns,
                portMappings,
                labels,
                annotations,
                cgroupParent,
                namespaces,
                sysctls,
                handler,
                overhead,
                resources);
    }

    /** This config with the pod-level resources of UpdatePodSandboxResources. */
    public PodConfig withResources(
            Optional<CriLinuxContainerResources> newOverhead, Optional<CriLinuxContainerResources> newResources) {
        return new PodConfig(
                metadata,
                hostname,
                logDirectory,
                dns,
                portMappings,
                labels,
                annotations,
                cgroupParent,
                namespaces,
                sysctls,
                runtimeHandler,
                newOverhead,
                newResources);
    }

    /** Collects the optional parts; every one has the CRI default. */
    public static final class Builder {
        private final SandboxMetadata metadata;
        private String hostname = "";
        private String logDirectory = "";
        private Optional<DnsConfig> dns = Optional.empty();
        private List<PortMapping> portMappings = List.of();
        private Map<String, String> labels = Map.of();
        private Map<String, String> annotations = Map.of();
        private String cgroupParent = "";
        private NamespaceOptions namespaces = NamespaceOptions.DEFAULT;
        private Map<String, String> sysctls = Map.of();
        private String runtimeHandler = "";
        private Optional<CriLinuxContainerResources> overhead = Optional.empty();
        private Optional<CriLinuxContainerResources> resources = Optional.empty();

        private Builder(SandboxMetadata metadata) {
            this.metadata = metadata;
        }

        public Builder hostname(String value) {
            hostname = value;
            return this;
        }

        public Builder logDirectory(String value) {
            logDirectory = value;
            return this;
        }

        public Builder dns(DnsConfig value) {
            dns = Optional.of(value);
            return this;
        }

        public Builder portMappings(List<PortMapping> value) {
            portMappings = value;
            return this;
        }

        public Builder labels(Map<String, String> value) {
            labels = value;
            return this;
        }

        public Builder annotations(Map<String, String> value) {
            annotations = value;
            return this;
        }

        public Builder cgroupParent(String value) {
            cgroupParent = value;
            return this;
        }

        public Builder namespaces(NamespaceOptions value) {
            namespaces = value;
            return this;
        }

        public Builder sysctls(Map<String, String> value) {
            sysctls = value;
            return this;
        }

        public Builder runtimeHandler(String value) {
            runtimeHandler = value;
            return this;
        }

        public Builder overhead(CriLinuxContainerResources value) {
            overhead = Optional.of(value);
            return this;
        }

        public Builder resources(CriLinuxContainerResources value) {
            resources = Optional.of(value);
            return this;
        }

        public PodConfig build() {
            return new PodConfig(
                    metadata,
                    hostname,
                    logDirectory,
                    dns,
                    portMappings,
                    labels,
                    annotations,
                    cgroupParent,
                    namespaces,
                    sysctls,
                    runtimeHandler,
                    overhead,
                    resources);
        }
    }
}
