package dev.cortado.integration.cri;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Wall-clock durations of repeated calls and their percentiles (nearest rank), for benchmarks
 * and for printing what a test measured; tests never assert on them. Not thread-safe: one
 * recorder per thread, then {@link #merge}.
 */
public final class Latencies {
    private final String name;
    private final List<Long> nanos = new ArrayList<>();

    public Latencies(String name) {
        this.name = name;
    }

    /** A call that returns a value and may throw. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws Exception;
    }

    /** Runs {@code call}, records how long it took and returns what it returned. */
    public <T> T time(Call<T> call) throws Exception {
        long start = System.nanoTime();
        try {
            return call.run();
        } finally {
            nanos.add(System.nanoTime() - start);
        }
    }

    /** Runs {@code call}, records how long it took. */
    public void time(Runnable call) {
        long start = System.nanoTime();
        try {
            call.run();
        } finally {
            nanos.add(System.nanoTime() - start);
        }
    }

    public void record(Duration d) {
        nanos.add(d.toNanos());
    }

    /** Adds every sample of {@code other}. */
    public Latencies merge(Latencies other) {
        nanos.addAll(other.nanos);
        return this;
    }

    public int count() {
        return nanos.size();
    }

    public String name() {
        return name;
    }

    /** The {@code p}th percentile (0 < p <= 100) by nearest rank; an error when nothing was recorded. */
    public Duration percentile(double p) {
        if (nanos.isEmpty() || p <= 0 || p > 100) {
            throw new IllegalStateException("no percentile " + p + " of " + nanos.size() + " samples of " + name);
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return Duration.ofNanos(sorted[Math.max(0, rank - 1)]);
    }

    public Duration p50() {
        return percentile(50);
    }

    public Duration p99() {
        return percentile(99);
    }

    /** One line: name, count, p50, p90, p99 and max in milliseconds. */
    @Override
    public String toString() {
        if (nanos.isEmpty()) {
            return name + ": no samples";
        }
        return String.format(
                Locale.ROOT,
                "%s: n=%d p50=%.1fms p90=%.1fms p99=%.1fms max=%.1fms",
                name,
                count(),
                ms(p50()),
                ms(percentile(90)),
                ms(p99()),
                ms(percentile(100)));
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
