package dev.cortado.cri.grpc;

import dev.cortado.api.cri.v1.ContainerMetrics;
import dev.cortado.api.cri.v1.Metric;
import dev.cortado.api.cri.v1.MetricDescriptor;
import dev.cortado.api.cri.v1.MetricType;
import dev.cortado.api.cri.v1.PodSandboxMetrics;
import dev.cortado.api.cri.v1.UInt64Value;
import dev.cortado.cri.stats.MetricSample;
import dev.cortado.cri.stats.PodMetrics;

/** cAdvisor metric records to CRI's Metric, MetricDescriptor and PodSandboxMetrics. */
final class ProtoMetrics {
    private ProtoMetrics() {}

    static MetricDescriptor descriptor(MetricSample.Descriptor d) {
        return MetricDescriptor.newBuilder()
                .setName(d.name())
                .setHelp(d.help())
                .addAllLabelKeys(d.labelKeys())
                .build();
    }

    static PodSandboxMetrics pod(PodMetrics p) {
        PodSandboxMetrics.Builder out = PodSandboxMetrics.newBuilder().setPodSandboxId(p.podId());
        p.metrics().forEach(m -> out.addMetrics(metric(m)));
        for (PodMetrics.Container c : p.containers()) {
            ContainerMetrics.Builder cm = ContainerMetrics.newBuilder().setContainerId(c.containerId());
            c.metrics().forEach(m -> cm.addMetrics(metric(m)));
            out.addContainerMetrics(cm);
        }
        return out.build();
    }

    /** The value is unsigned on the wire: a kernel counter past 2^63 keeps its bits. */
    static Metric metric(MetricSample m) {
        return Metric.newBuilder()
                .setName(m.name())
                .setTimestamp(m.timestampNanos())
                .setMetricType(m.type() == MetricSample.Type.COUNTER ? MetricType.COUNTER : MetricType.GAUGE)
                .addAllLabelValues(m.labelValues())
                .setValue(UInt64Value.newBuilder().setValue(m.value()))
                .build();
    }
}
