package dev.cortado.integration.bench;

import dev.cortado.integration.cri.Latencies;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Latencies per call name, filled by one thread, merged into another's after the work is joined. */
final class Timings {
    private final Map<String, Latencies> byCall = new LinkedHashMap<>();
    private final Map<String, Long> last = new LinkedHashMap<>();

    /** Runs {@code call}, records how long it took under {@code name} and returns its value. */
    <T> T time(String name, Latencies.Call<T> call) throws Exception {
        long t0 = System.nanoTime();
        T value = call.run();
        record(name, System.nanoTime() - t0);
        return value;
    }

    void record(String name, long nanos) {
        byCall.computeIfAbsent(name, Latencies::new).record(Duration.ofNanos(nanos));
        last.put(name, nanos);
    }

    /** The latest sample of {@code name} in nanoseconds, for sums of calls. */
    long last(String name) {
        Long nanos = last.get(name);
        if (nanos == null) {
            throw new IllegalStateException("no sample of " + name + " yet");
        }
        return nanos;
    }

    /** Adds every sample of {@code other}. */
    void merge(Timings other) {
        other.byCall.forEach(
                (name, l) -> byCall.computeIfAbsent(name, Latencies::new).merge(l));
    }

    /** The latencies of {@code name}; empty ones when nothing was recorded. */
    Latencies get(String name) {
        return byCall.getOrDefault(name, new Latencies(name));
    }

    Iterable<String> names() {
        return byCall.keySet();
    }
}
