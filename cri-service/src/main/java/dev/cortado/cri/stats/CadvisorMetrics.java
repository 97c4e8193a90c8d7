package dev.cortado.cri.stats;

import dev.cortado.cri.stats.MetricSample.Descriptor;
import dev.cortado.cri.stats.MetricSample.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The cAdvisor metrics kubelet's {@code /metrics/cadvisor} serves from ListPodSandboxMetrics when
 * its {@code PodAndContainerStatsFromCRI} gate is on: cAdvisor's names, types and label keys
 * ({@code container, id, image, name, namespace, pod} as kubelet's cAdvisor label function sets
 * them, then the metric's own: {@code cpu}, {@code device}, {@code interface},
 * {@code failure_type}, {@code scope}), so dashboards and alerts written against cAdvisor keep
 * working. kubelet builds one Prometheus descriptor per entry and drops samples it has none for.
 */
public final class CadvisorMetrics {
    /** The labels of every sample, in this order. */
    public static final List<String> BASE_LABELS = List.of("container", "id", "image", "name", "namespace", "pod");

    /** Every metric Cortado may report; a sample is sent only where the host has its source. */
    public static final List<Descriptor> DESCRIPTORS = List.of(
            counter("container_cpu_usage_seconds_total", "Cumulative cpu time consumed in seconds.", "cpu"),
            counter("container_cpu_user_seconds_total", "Cumulative user cpu time consumed in seconds."),
            counter("container_cpu_system_seconds_total", "Cumulative system cpu time consumed in seconds."),
            counter("container_cpu_cfs_periods_total", "Number of elapsed enforcement period intervals."),
            counter("container_cpu_cfs_throttled_periods_total", "Number of throttled period intervals."),
            counter(
                    "container_cpu_cfs_throttled_seconds_total",
                    "Total time duration the container has been throttled."),
            gauge(
                    "container_memory_usage_bytes",
                    "Current memory usage in bytes, including all memory regardless of when it was accessed"),
            gauge("container_memory_working_set_bytes", "Current working set in bytes."),
            gauge("container_memory_rss", "Size of RSS in bytes."),
            gauge("container_memory_cache", "Number of bytes of page cache memory."),
            gauge("container_memory_mapped_file", "Size of memory mapped files in bytes."),
            gauge("container_memory_kernel_usage", "Size of kernel memory allocated in bytes."),
            gauge("container_memory_max_usage_bytes", "Maximum memory usage recorded in bytes"),
            gauge("container_memory_swap", "Container swap usage in bytes."),
            counter("container_memory_failcnt", "Number of memory usage hits limits"),
            counter(
                    "container_memory_failures_total", "Cumulative count of memory allocation failures.",
                    "failure_type", "scope"),
            counter("container_oom_events_total", "Count of out of memory events observed for the container"),
            gauge("container_processes", "Number of processes running inside the container."),
            gauge("container_threads", "Number of threads running inside the container"),
            gauge(
                    "container_threads_max",
                    "Maximum number of threads allowed inside the container, infinity if value is zero"),
            counter("container_fs_reads_bytes_total", "Cumulative count of bytes read", "device"),
            counter("container_fs_writes_bytes_total", "Cumulative count of bytes written", "device"),
            counter("container_fs_reads_total", "Cumulative count of reads completed", "device"),
            counter("container_fs_writes_total", "Cumulative count of writes completed", "device"),
            gauge(
                    "container_fs_usage_bytes",
                    "Number of bytes that are consumed by the container on this filesystem.",
                    "device"),
            counter(
                    "container_pressure_cpu_waiting_seconds_total",
                    "Total time duration tasks in the container have waited due to CPU congestion."),
            counter(
                    "container_pressure_cpu_stalled_seconds_total",
                    "Total time duration no tasks in the container could make progress due to CPU congestion."),
            counter(
                    "container_pressure_memory_waiting_seconds_total",
                    "Total time duration tasks in the container have waited due to memory congestion."),
            counter(
                    "container_pressure_memory_stalled_seconds_total",
                    "Total time duration no tasks in the container could make progress due to memory congestion."),
            counter(
                    "container_pressure_io_waiting_seconds_total",
                    "Total time duration tasks in the container have waited due to IO congestion."),
            counter(
                    "container_pressure_io_stalled_seconds_total",
                    "Total time duration no tasks in the container could make progress due to IO congestion."),
            counter("container_network_receive_bytes_total", "Cumulative count of bytes received", "interface"),
            counter("container_network_receive_packets_total", "Cumulative count of packets received", "interface"),
            counter(
                    "container_network_receive_errors_total",
                    "Cumulative count of errors encountered while receiving",
                    "interface"),
            counter(
                    "container_network_receive_packets_dropped_total",
                    "Cumulative count of packets dropped while receiving",
                    "interface"),
            counter("container_network_transmit_bytes_total", "Cumulative count of bytes transmitted", "interface"),
            counter("container_network_transmit_packets_total", "Cumulative count of packets transmitted", "interface"),
            counter(
                    "container_network_transmit_errors_total",
                    "Cumulative count of errors encountered while transmitting",
                    "interface"),
            counter(
                    "container_network_transmit_packets_dropped_total",
                    "Cumulative count of packets dropped while transmitting",
                    "interface"),
            gauge("container_spec_cpu_period", "CPU period of the container."),
            gauge("container_spec_cpu_quota", "CPU quota of the container."),
            gauge("container_spec_cpu_shares", "CPU share of the container."),
            gauge("container_spec_memory_limit_bytes", "Memory limit for the container."),
            gauge("container_spec_memory_swap_limit_bytes", "Memory swap limit for the container."),
            gauge("container_start_time_seconds", "Start time of the container since unix epoch in seconds."),
            gauge("container_last_seen", "Last time a container was seen by the exporter"));

    private static final Map<String, Descriptor> BY_NAME =
            DESCRIPTORS.stream().collect(Collectors.toUnmodifiableMap(Descriptor::name, Function.identity()));

    private CadvisorMetrics() {}

    /** The descriptor of {@code name}; IllegalArgumentException for a name not in the table (a bug). */
    static Descriptor descriptor(String name) {
        Descriptor d = BY_NAME.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no cAdvisor metric " + name);
        }
        return d;
    }

    private static Descriptor counter(String name, String help, String... extraLabels) {
        return descriptor(name, help, Type.COUNTER, extraLabels);
    }

    private static Descriptor gauge(String name, String help, String... extraLabels) {
        return descriptor(name, help, Type.GAUGE, extraLabels);
    }

    private static Descriptor descriptor(String name, String help, Type type, String... extraLabels) {
        List<String> keys = new ArrayList<>(BASE_LABELS);
        keys.addAll(List.of(extraLabels));
        return new Descriptor(name, help, type, keys);
    }
}
