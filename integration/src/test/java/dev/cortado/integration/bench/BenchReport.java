package dev.cortado.integration.bench;

import dev.cortado.integration.cri.Latencies;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;

/**
 * What the benchmark measured: rows of one or more values per runtime (p50/p90/p99, RSS/PSS)
 * with Cortado's ratio to containerd per value, lower being better for every unit here (ms, s,
 * MiB); notes (load, settings) and the process detail per endpoint. Printed as one table and as JSON.
 */
final class BenchReport {
    /** One line of the table; a side that was not measured has no values. */
    record Row(String section, String metric, String unit, double[] cortado, double[] containerd) {}

    private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> notes = new LinkedHashMap<>();
    private final List<String> processes = new ArrayList<>();

    synchronized void add(String section, String metric, String unit, double[] cortado, double[] containerd) {
        rows.add(new Row(section, metric, unit, cortado, containerd));
    }

    /** A latency row: p50/p90/p99 in ms of each side. */
    void latency(String section, String metric, Latencies cortado, Latencies containerd) {
        add(
                section,
                metric + " (n=" + cortado.count() + "/" + containerd.count() + ")",
                "p50/p90/p99 ms",
                percentiles(cortado),
                percentiles(containerd));
    }

    synchronized void note(String key, String value) {
        notes.put(key, value);
    }

    /** A line of the process detail: which processes an endpoint had and their memory. */
    synchronized void processes(String line) {
        processes.add(line);
    }

    synchronized String table() {
        StringBuilder out = new StringBuilder("Cortado vs containerd 1.6 (runc), " + started
                + "; ratio = cortado / containerd," + " below 1 is Cortado ahead\n");
        notes.forEach(
                (k, v) -> out.append("  ").append(k).append(": ").append(v).append('\n'));
        out.append(String.format(
                Locale.ROOT,
                "%-10s %-52s %-15s %-22s %-22s %s%n",
                "section",
                "metric",
                "unit",
                "cortado",
                "containerd",
                "ratio"));
        for (Row r : rows) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-10s %-52s %-15s %-22s %-22s %s%n",
                    r.section(),
                    r.metric(),
                    r.unit(),
                    values(r.cortado(), "%.1f"),
                    values(r.containerd(), "%.1f"),
                    values(ratios(r), "%.2f")));
        }
        processes.forEach(p -> out.append(p).append('\n'));
        return out.toString();
    }

    synchronized String json() {
        String rowsJson = rows.stream()
                .map(r -> String.format(
                        Locale.ROOT,
                        "    {\"section\": %s, \"metric\": %s, \"unit\": %s, \"cortado\": %s, \"containerd\": %s, \"ratio\": %s}",
                        quote(r.section()),
                        quote(r.metric()),
                        quote(r.unit()),
                        array(r.cortado()),
                        array(r.containerd()),
                        array(ratios(r))))
                .collect(Collectors.joining(",\n"));
        String notesJson = notes.entrySet().stream()
                .map(e -> quote(e.getKey()) + ": " + quote(e.getValue()))
                .collect(Collectors.joining(", "));
        String processJson = processes.stream().map(BenchReport::quote).collect(Collectors.joining(",\n    "));
        return "{\n  \"started\": \"" + started + "\",\n  \"notes\": {" + notesJson + "},\n  \"rows\": [\n" + rowsJson
                + "\n  ],\n  \"processes\": [\n    " + processJson + "\n  ]\n}\n";
    }

    private static double[] percentiles(Latencies l) {
        if (l.count() == 0) {
            return null;
        }
        return DoubleStream.of(50, 90, 99)
                .map(p -> l.percentile(p).toNanos() / 1e6)
                .toArray();
    }

    private static double[] ratios(Row r) {
        if (r.cortado() == null || r.containerd() == null || r.cortado().length != r.containerd().length) {
            return null;
        }
        double[] ratio = new double[r.cortado().length];
        for (int i = 0; i < ratio.length; i++) {
            ratio[i] = r.containerd()[i] == 0 ? Double.NaN : r.cortado()[i] / r.containerd()[i];
        }
        return ratio;
    }

    private static String values(double[] v, String format) {
        if (v == null) {
            return "-";
        }
        return DoubleStream.of(v)
                .mapToObj(d -> String.format(Locale.ROOT, format, d))
                .collect(Collectors.joining("/"));
    }

    private static String array(double[] v) {
        if (v == null) {
            return "null";
        }
        return DoubleStream.of(v)
                .mapToObj(d -> Double.isNaN(d) ? "null" : String.format(Locale.ROOT, "%.3f", d))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
