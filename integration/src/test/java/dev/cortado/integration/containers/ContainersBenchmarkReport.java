package dev.cortado.integration.containers;

import dev.cortado.integration.cri.Latencies;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link ContainersBenchmark} measured: per runtime and RPC the latencies of the timed
 * containers, printed as one table (each runtime's p50/p99 and, for Cortado's, the ratio to the
 * reference, containerd) and as JSON. A runtime that could not run (Cortado's container RPCs
 * before issue 12, say) is listed with why.
 */
final class ContainersBenchmarkReport {
    static final String REFERENCE = "containerd-runc";
    static final List<String> RPCS = List.of("CreateContainer", "StartContainer", "StopContainer", "RemoveContainer",
            "ListContainerStats");
    private final int count;
    private final int warmUps;
    private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final List<String> runtimes = new ArrayList<>();
    private final Map<String, String> unavailable = new LinkedHashMap<>();
    /** Keyed "runtime|rpc". */
    private final Map<String, Latencies> latencies = new LinkedHashMap<>();

    ContainersBenchmarkReport(int count, int warmUps) {
        this.count = count;
        this.warmUps = warmUps;
    }

    void runtime(String name) {
        runtimes.add(name);
    }

    void unavailable(String runtime, String why) {
        runtimes.remove(runtime);
        unavailable.put(runtime, why);
    }

    void record(String runtime, String rpc, long nanos) {
        latencies.computeIfAbsent(runtime + "|" + rpc, Latencies::new).record(Duration.ofNanos(nanos));
    }

    String table(String loadBefore, String loadAfter) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%d containers per runtime (one pod each), after %d warm-ups, %s; load average before %s, after %s%n",
                count, warmUps, started, loadBefore, loadAfter));
        out.append(String.format(Locale.ROOT, "%-18s", "RPC"));
        for (String runtime : runtimes) {
            out.append(String.format(Locale.ROOT, " %-27s", runtime + " p50/p99 ms"));
            if (!runtime.equals(REFERENCE) && runtimes.contains(REFERENCE)) {
                out.append(String.format(Locale.ROOT, " %-14s", "ratio p50/p99"));
            }
        }
        out.append('\n');
        for (String rpc : RPCS) {
            out.append(String.format(Locale.ROOT, "%-18s", rpc));
            for (String runtime : runtimes) {
                Latencies l = get(runtime, rpc);
                out.append(String.format(Locale.ROOT, " %-27s", String.format(Locale.ROOT, "%.1f / %.1f", ms(l.p50()), ms(l.p99()))));
                if (!runtime.equals(REFERENCE) && runtimes.contains(REFERENCE)) {
                    Latencies ref = get(REFERENCE, rpc);
                    out.append(String.format(Locale.ROOT, " %-14s", String.format(Locale.ROOT, "%.2f / %.2f",
                            ms(l.p50()) / ms(ref.p50()), ms(l.p99()) / ms(ref.p99()))));
                }
            }
            out.append('\n');
        }
        unavailable.forEach((runtime, why) -> out.append(runtime).append(": not measured, ").append(why).append('\n'));
        return out.toString();
    }

    String json(String loadBefore, String loadAfter) {
        List<String> rows = new ArrayList<>();
        for (String rpc : RPCS) {
            List<String> cells = new ArrayList<>();
            for (String runtime : runtimes) {
                Latencies l = get(runtime, rpc);
                cells.add(String.format(Locale.ROOT, "\"%s\": {\"p50_ms\": %.2f, \"p99_ms\": %.2f, \"n\": %d}",
                        runtime, ms(l.p50()), ms(l.p99()), l.count()));
            }
            rows.add("    {\"rpc\": \"%s\"%s}".formatted(rpc, cells.isEmpty() ? "" : ", " + String.join(", ", cells)));
        }
        List<String> missing = unavailable.entrySet().stream()
                .map(e -> "\"%s\": \"%s\"".formatted(e.getKey(), e.getValue().replace("\\", "\\\\").replace("\"", "\\\""))).toList();
        return """
                {
                  "started": "%s",
                  "containers": %d,
                  "warm_ups": %d,
                  "loadavg_before": "%s",
                  "loadavg_after": "%s",
                  "not_measured": {%s},
                  "rows": [
                %s
                  ]
                }
                """.formatted(started, count, warmUps, loadBefore, loadAfter, String.join(", ", missing),
                String.join(",\n", rows));
    }

    private Latencies get(String runtime, String rpc) {
        Latencies l = latencies.get(runtime + "|" + rpc);
        if (l == null) {
            throw new IllegalStateException("nothing measured for " + runtime + " " + rpc);
        }
        return l;
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
