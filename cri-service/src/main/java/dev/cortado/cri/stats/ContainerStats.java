package dev.cortado.cri.stats;

import dev.cortado.cri.container.Container;
import java.util.Objects;
import java.util.Optional;

/**
 * One container's statistics.
 *
 * @param container the container they belong to (its id, metadata, labels, annotations)
 * @param usage cpu and memory of its cgroup
 * @param writableLayer its writable layer, empty when the layer directory is gone
 */
public record ContainerStats(Container container, UsageStats usage, Optional<WritableLayer> writableLayer) {
    public ContainerStats {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(writableLayer, "writableLayer");
    }

    /**
     * Disk use of a writable layer ({@code <root>/containers/<id>/upper}).
     *
     * @param timestampNanos wall-clock nanoseconds of the walk (it is cached for a while)
     * @param mountpoint the directory measured
     * @param usedBytes the sum of its files' sizes
     * @param inodesUsed how many entries it holds
     * @param truncated whether the walk stopped at its entry cap (the numbers are then a lower bound)
     */
    public record WritableLayer(
            long timestampNanos, String mountpoint, long usedBytes, long inodesUsed, boolean truncated) {}
}
