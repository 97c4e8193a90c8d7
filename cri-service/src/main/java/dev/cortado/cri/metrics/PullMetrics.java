package dev.cortado.cri.metrics;

import dev.cortado.cri.image.PullRecorder;
import dev.cortado.errors.ErrorKind;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Image pulls as the image service reports them: {@code cortado_image_pull_bytes_total} (bytes
 * downloaded from registries), {@code cortado_image_pull_duration_seconds} by outcome ({@code OK}
 * or the error's gRPC code name) and {@code cortado_image_pulls_in_progress}.
 */
final class PullMetrics implements PullRecorder {
    /** Upper bounds in seconds: a cached image takes milliseconds, a big one minutes. */
    static final double[] BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800};

    private static final double NANOS_PER_SECOND = 1e9;

    private final LongSupplier nanoTime;
    private final Counter bytes;
    private final Histogram durations;
    private final Gauge inProgress;

    PullMetrics(PrometheusRegistry registry, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.bytes = Counter.builder()
                .name("cortado_image_pull_bytes_total")
                .help("bytes of image blobs downloaded from registries (each blob once, retries included)")
                .withoutExemplars()
                .register(registry);
        this.durations = Histogram.builder()
                .name("cortado_image_pull_duration_seconds")
                .help("time of each PullImage, by outcome (OK or the error's gRPC code)")
                .labelNames("code")
                .classicOnly()
                .classicUpperBounds(BUCKETS)
                .withoutExemplars()
                .register(registry);
        this.inProgress = Gauge.builder()
                .name("cortado_image_pulls_in_progress")
                .help("image pulls running now")
                .withoutExemplars()
                .register(registry);
    }

    @Override
    public Pull started() {
        long start = nanoTime.getAsLong();
        inProgress.inc();
        AtomicBoolean done = new AtomicBoolean();
        return failure -> finished(done, start, failure);
    }

    private void finished(AtomicBoolean done, long start, Optional<ErrorKind> failure) {
        if (done.compareAndSet(false, true)) {
            inProgress.dec();
            durations
                    .labelValues(failure.map(ErrorKind::name).orElse("OK"))
                    .observe((nanoTime.getAsLong() - start) / NANOS_PER_SECOND);
        }
    }

    @Override
    public void downloaded(long count) {
        bytes.inc(count);
    }
}
