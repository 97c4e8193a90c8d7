package dev.cortado.cri.stats;

import java.util.List;
import java.util.Objects;

/**
 * A pod's cAdvisor metrics for ListPodSandboxMetrics: its own (the pod cgroup, its network) and
 * each running container's.
 */
public record PodMetrics(String podId, List<MetricSample> metrics, List<Container> containers) {
    public PodMetrics {
        Objects.requireNonNull(podId, "podId");
        metrics = List.copyOf(metrics);
        containers = List.copyOf(containers);
    }

    /** One container's metrics. */
    public record Container(String containerId, List<MetricSample> metrics) {
        public Container {
            Objects.requireNonNull(containerId, "containerId");
            metrics = List.copyOf(metrics);
        }
    }
}
