package dev.cortado.cri.stats;

import java.util.List;
import java.util.Objects;

/**
 * One value of a cAdvisor metric, as CRI's {@code Metric} carries it.
 *
 * @param name the metric's name, one of {@link CadvisorMetrics#DESCRIPTORS}
 * @param type counter or gauge
 * @param labelValues in the order of the descriptor's label keys
 * @param value the value; CRI carries an unsigned 64-bit integer, so seconds are whole seconds
 * @param timestampNanos when a cached value was measured; 0 for a value read for this call (kubelet
 *     then stamps it with the scrape time)
 */
public record MetricSample(String name, Type type, List<String> labelValues, long value, long timestampNanos) {
    public MetricSample {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        labelValues = List.copyOf(labelValues);
    }

    /** Prometheus's two types that CRI knows. */
    public enum Type {
        COUNTER,
        GAUGE
    }

    /**
     * A metric's description for ListMetricDescriptors.
     *
     * @param labelKeys the keys of every sample's label values, in order
     */
    public record Descriptor(String name, String help, Type type, List<String> labelKeys) {
        public Descriptor {
            labelKeys = List.copyOf(labelKeys);
        }
    }
}
