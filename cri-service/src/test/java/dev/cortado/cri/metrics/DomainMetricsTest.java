package dev.cortado.cri.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cri.container.ContainerEvent;
import dev.cortado.cri.container.ContainerState;
import dev.cortado.cri.image.PullRecorder;
import dev.cortado.cri.runtime.ShimCounts;
import dev.cortado.cri.sandbox.SandboxState;
import dev.cortado.errors.ErrorKind;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The recorders and gauges over the domain, scraped and parsed as Prometheus would. */
class DomainMetricsTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final AtomicLong clock = new AtomicLong();

    @Test
    void pulls_countBytesAndTimeEachPullByOutcome() {
        PullMetrics pulls = new PullMetrics(registry, clock::get);
        PullRecorder.Pull ok = pulls.started();
        PullRecorder.Pull failed = pulls.started();
        assertThat(value("cortado_image_pulls_in_progress", Map.of())).isEqualTo(2);
        pulls.downloaded(1000);
        pulls.downloaded(24);
        clock.addAndGet(700_000_000); // 0.7 s
        ok.finished(Optional.empty());
        ok.finished(Optional.empty()); // told twice: counted once
        clock.addAndGet(3_000_000_000L); // 3.7 s in all
        failed.finished(Optional.of(ErrorKind.NOT_FOUND));

        var families = Scrape.of(registry);
        assertThat(Histograms.value(families, "cortado_image_pull_bytes_total", Map.of()))
                .isEqualTo(1024);
        assertThat(Histograms.value(families, "cortado_image_pulls_in_progress", Map.of()))
                .isZero();
        var durations = families.get("cortado_image_pull_duration_seconds");
        assertThat(Histograms.buckets(durations, Map.of("code", "OK")))
                .containsEntry(0.5, 0.0)
                .containsEntry(1.0, 1.0)
                .containsEntry(Double.POSITIVE_INFINITY, 1.0);
        assertThat(Histograms.buckets(durations, Map.of("code", "NOT_FOUND")))
                .containsEntry(2.5, 0.0)
                .containsEntry(5.0, 1.0);
    }

    @Test
    void statesAndPods_areCountedWithZeros_andReadAtMostOncePerSecond() {
        AtomicInteger reads = new AtomicInteger();
        List<ContainerState> containers =
                new ArrayList<>(List.of(ContainerState.RUNNING, ContainerState.RUNNING, ContainerState.EXITED));
        StateGauges.register(
                registry,
                () -> {
                    reads.incrementAndGet();
                    return List.copyOf(containers);
                },
                () -> List.of(SandboxState.READY),
                clock::get);

        var families = Scrape.of(registry);
        assertThat(Histograms.value(families, "cortado_containers", Map.of("state", "running")))
                .isEqualTo(2);
        assertThat(Histograms.value(families, "cortado_containers", Map.of("state", "exited")))
                .isEqualTo(1);
        assertThat(Histograms.value(families, "cortado_containers", Map.of("state", "created")))
                .isZero();
        assertThat(Histograms.value(families, "cortado_containers", Map.of("state", "unknown")))
                .isZero();
        assertThat(Histograms.value(families, "cortado_pods", Map.of("state", "ready")))
                .isEqualTo(1);
        assertThat(Histograms.value(families, "cortado_pods", Map.of("state", "notready")))
                .isZero();

        containers.add(ContainerState.CREATED);
        clock.addAndGet(500_000_000);
        assertThat(Histograms.value(Scrape.of(registry), "cortado_containers", Map.of("state", "created")))
                .isZero();
        clock.addAndGet(500_000_000);
        assertThat(Histograms.value(Scrape.of(registry), "cortado_containers", Map.of("state", "created")))
                .isEqualTo(1);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aStoreThatFails_leavesTheFamilyEmpty_notTheScrape() {
        StateGauges.register(
                registry,
                () -> {
                    throw new IllegalStateException("database is locked");
                },
                () -> List.of(SandboxState.NOTREADY),
                clock::get);
        var families = Scrape.of(registry);
        assertThat(Histograms.value(families, "cortado_containers", Map.of("state", "running")))
                .isNull();
        assertThat(Histograms.value(families, "cortado_pods", Map.of("state", "notready")))
                .isEqualTo(1);
    }

    @Test
    void oomKills_countStoppedContainersWhoseReasonIsOomKilled() {
        Map<String, String> reasons = Map.of("a", "OOMKilled", "b", "Error", "c", "OOMKilled");
        OomKills kills = new OomKills(registry, id -> Optional.ofNullable(reasons.get(id)));
        assertThat(Histograms.value(Scrape.of(registry), "cortado_container_oom_kills_total", Map.of()))
                .isZero();
        kills.accept(new ContainerEvent(ContainerEvent.Type.STOPPED, "a", "pod", 1));
        kills.accept(new ContainerEvent(ContainerEvent.Type.STOPPED, "b", "pod", 2));
        kills.accept(new ContainerEvent(ContainerEvent.Type.DELETED, "c", "pod", 3)); // not an exit
        kills.accept(new ContainerEvent(ContainerEvent.Type.STOPPED, "gone", "pod", 4)); // removed already
        new OomKills(new PrometheusRegistry(), id -> {
                    throw new IllegalStateException("store closed");
                })
                .accept(new ContainerEvent(ContainerEvent.Type.STOPPED, "a", "pod", 5)); // logged, not thrown
        assertThat(Histograms.value(Scrape.of(registry), "cortado_container_oom_kills_total", Map.of()))
                .isEqualTo(1);
    }

    @Test
    void shims_areListedForEveryConfiguredHandler() {
        ShimGauges.register(registry, () -> List.of(new ShimCounts("runc", 2, 3)), List.of("cortado", "runc"));
        var families = Scrape.of(registry);
        assertThat(Histograms.value(families, "cortado_shims", Map.of("handler", "runc")))
                .isEqualTo(2);
        assertThat(Histograms.value(families, "cortado_shim_tasks", Map.of("handler", "runc")))
                .isEqualTo(3);
        assertThat(Histograms.value(families, "cortado_shims", Map.of("handler", "cortado")))
                .isZero();
        assertThat(Histograms.value(families, "cortado_shim_tasks", Map.of("handler", "cortado")))
                .isZero();
    }

    @Test
    void jvmMetrics_areThere() {
        var families = Scrape.of(new CortadoMetrics(clock::get, true).registry());
        assertThat(families).containsKeys("jvm_memory_used_bytes", "jvm_threads_current", "jvm_gc_collection_seconds");
    }

    private Double value(String name, Map<String, String> labels) {
        return Histograms.value(Scrape.of(registry), name, labels);
    }
}
