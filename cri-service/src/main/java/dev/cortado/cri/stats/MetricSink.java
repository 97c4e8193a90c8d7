package dev.cortado.cri.stats;

import java.util.ArrayList;
import java.util.List;

/** Collects the samples of one container or pod, each with the same base label values first. */
final class MetricSink {
    private final List<String> baseLabels;
    private final List<MetricSample> samples = new ArrayList<>();

    /** @param baseLabels values for {@link CadvisorMetrics#BASE_LABELS}, in that order */
    MetricSink(List<String> baseLabels) {
        if (baseLabels.size() != CadvisorMetrics.BASE_LABELS.size()) {
            throw new IllegalArgumentException("expected " + CadvisorMetrics.BASE_LABELS + ", got " + baseLabels);
        }
        this.baseLabels = List.copyOf(baseLabels);
    }

    /** Adds a value read for this call. */
    void add(String name, long value, String... extraLabels) {
        addAt(0, name, value, extraLabels);
    }

    /** Adds a value measured at {@code timestampNanos} (a cached one). */
    void addAt(long timestampNanos, String name, long value, String... extraLabels) {
        MetricSample.Descriptor d = CadvisorMetrics.descriptor(name);
        List<String> labels = new ArrayList<>(baseLabels);
        labels.addAll(List.of(extraLabels));
        if (labels.size() != d.labelKeys().size()) {
            throw new IllegalArgumentException(name + " needs labels " + d.labelKeys() + ", got " + labels);
        }
        samples.add(new MetricSample(name, d.type(), labels, value, timestampNanos));
    }

    List<MetricSample> samples() {
        return List.copyOf(samples);
    }
}
