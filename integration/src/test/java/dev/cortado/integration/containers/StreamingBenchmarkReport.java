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
 * What {@link StreamingBenchmark} measured, per runtime: exec round trips (p50/p90/p99) and
 * port-forward transfers (MiB/s of the median, best and worst transfer), as one table with
 * Cortado's ratios to the reference (containerd; a latency ratio below 1 and a throughput ratio
 * above 1 favour Cortado) and as JSON.
 */
final class StreamingBenchmarkReport {
    static final String REFERENCE = "containerd-runc";
    private final int execs;
    private final int warmUps;
    private final int transfers;
    private final long size;
    private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final Map<String, Latencies> exec = new LinkedHashMap<>();
    private final Map<String, Latencies> transfer = new LinkedHashMap<>();

    StreamingBenchmarkReport(int execs, int warmUps, int transfers, long size) {
        this.execs = execs;
        this.warmUps = warmUps;
        this.transfers = transfers;
        this.size = size;
    }

    void exec(String runtime, long nanos) {
        exec.computeIfAbsent(runtime, Latencies::new).record(Duration.ofNanos(nanos));
    }

    void transfer(String runtime, long nanos) {
        transfer.computeIfAbsent(runtime, Latencies::new).record(Duration.ofNanos(nanos));
    }

    /** Rows: label, then per runtime its value; the ratio column is runtime / reference. */
    private List<String[]> rows() {
        List<String[]> rows = new ArrayList<>();
        for (double p : new double[] {50, 90, 99}) {
            rows.add(row("exec echo p" + (int) p + " (ms)", r -> ms(exec.get(r).percentile(p))));
        }
        rows.add(row(
                "port-forward median (MiB/s)", r -> mibPerSecond(transfer.get(r).percentile(50))));
        rows.add(row(
                "port-forward best (MiB/s)", r -> mibPerSecond(transfer.get(r).percentile(0.0001))));
        rows.add(row(
                "port-forward worst (MiB/s)", r -> mibPerSecond(transfer.get(r).percentile(100))));
        return rows;
    }

    private String[] row(String label, java.util.function.ToDoubleFunction<String> value) {
        List<String> cells = new ArrayList<>(List.of(label));
        double ref = value.applyAsDouble(REFERENCE);
        for (String runtime : exec.keySet()) {
            double v = value.applyAsDouble(runtime);
            cells.add(String.format(Locale.ROOT, "%.1f", v));
            if (!runtime.equals(REFERENCE)) {
                cells.add(String.format(Locale.ROOT, "%.2f", v / ref));
            }
        }
        return cells.toArray(String[]::new);
    }

    String table(String loadBefore, String loadAfter) {
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "%d execs per runtime after %d warm-ups, %d"
                        + " port-forward transfers of %d MiB, SPDY/3.1, %s; load average before %s, after %s%n",
                execs,
                warmUps,
                transfers,
                size >> 20,
                started,
                loadBefore,
                loadAfter));
        out.append(String.format(Locale.ROOT, "%-30s", ""));
        for (String runtime : exec.keySet()) {
            out.append(String.format(Locale.ROOT, " %16s", runtime));
            if (!runtime.equals(REFERENCE)) {
                out.append(String.format(Locale.ROOT, " %8s", "ratio"));
            }
        }
        out.append('\n');
        for (String[] row : rows()) {
            out.append(String.format(Locale.ROOT, "%-30s", row[0]));
            int c = 1;
            for (String runtime : exec.keySet()) {
                out.append(String.format(Locale.ROOT, " %16s", row[c++]));
                if (!runtime.equals(REFERENCE)) {
                    out.append(String.format(Locale.ROOT, " %8s", row[c++]));
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    String json(String loadBefore, String loadAfter) {
        List<String> runtimes = new ArrayList<>();
        for (String r : exec.keySet()) {
            Latencies e = exec.get(r);
            Latencies t = transfer.get(r);
            runtimes.add(String.format(
                    Locale.ROOT,
                    "    \"%s\": {\"exec_ms\": {\"p50\": %.2f, \"p90\": %.2f, \"p99\": %.2f,"
                            + " \"n\": %d}, \"port_forward_mib_s\": {\"median\": %.1f, \"best\": %.1f, \"worst\": %.1f, \"n\": %d}}",
                    r,
                    ms(e.percentile(50)),
                    ms(e.percentile(90)),
                    ms(e.percentile(99)),
                    e.count(),
                    mibPerSecond(t.percentile(50)),
                    mibPerSecond(t.percentile(0.0001)),
                    mibPerSecond(t.percentile(100)),
                    t.count()));
        }
        return """
                {
                  "started": "%s",
                  "execs": %d,
                  "warm_ups": %d,
                  "transfers": %d,
                  "transfer_bytes": %d,
                  "loadavg_before": "%s",
                  "loadavg_after": "%s",
                  "runtimes": {
                %s
                  }
                }
                """.formatted(
                        started, execs, warmUps, transfers, size, loadBefore, loadAfter, String.join(",\n", runtimes));
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }

    private double mibPerSecond(Duration d) {
        return (size / (double) (1 << 20)) / (d.toNanos() / 1e9);
    }
}
