package dev.cortado.integration;

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
 * What {@link PodsBenchmark} measured: per runtime, network variant and RPC, the latencies of
 * the timed pods; printed as one table (cortado and containerd p50/p99 and their ratio per
 * line) and as JSON.
 */
final class PodsBenchmarkReport {
    static final List<String> RUNTIMES = List.of("cortado", "containerd");
    static final List<String> RPCS = List.of("RunPodSandbox", "StopPodSandbox", "RemovePodSandbox",
            "StopPodSandbox+RemovePodSandbox");
    private final int count;
    private final int warmUps;
    private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    /** Keyed "runtime|variant|rpc", variant "host network" or "CNI bridge". */
    private final Map<String, Latencies> latencies = new LinkedHashMap<>();

    PodsBenchmarkReport(int count, int warmUps) {
        this.count = count;
        this.warmUps = warmUps;
    }

    void record(String runtime, boolean cni, long runNanos, long stopNanos, long removeNanos) {
        String variant = variant(cni);
        add(runtime, variant, "RunPodSandbox", runNanos);
        add(runtime, variant, "StopPodSandbox", stopNanos);
        add(runtime, variant, "RemovePodSandbox", removeNanos);
        add(runtime, variant, "StopPodSandbox+RemovePodSandbox", stopNanos + removeNanos);
    }

    String table(String loadBefore, String loadAfter) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%d pods per runtime and network, after %d warm-ups, %s; load average before %s, after %s%n",
                count, warmUps, started, loadBefore, loadAfter));
        out.append(String.format(Locale.ROOT, "%-46s %-22s %-22s %s%n", "RPC (network)", "cortado p50/p99 ms",
                "containerd p50/p99 ms", "ratio p50/p99"));
        for (String variant : List.of(variant(false), variant(true))) {
            for (String rpc : RPCS) {
                Latencies c = get("cortado", variant, rpc);
                Latencies d = get("containerd", variant, rpc);
                out.append(String.format(Locale.ROOT, "%-46s %-22s %-22s %.2f / %.2f%n", rpc + " (" + variant + ")",
                        pair(c), pair(d), ms(c.p50()) / ms(d.p50()), ms(c.p99()) / ms(d.p99())));
            }
        }
        return out.toString();
    }

    String json(String loadBefore, String loadAfter) {
        List<String> rows = new ArrayList<>();
        for (String variant : List.of(variant(false), variant(true))) {
            for (String rpc : RPCS) {
                List<String> cells = new ArrayList<>();
                for (String runtime : RUNTIMES) {
                    Latencies l = get(runtime, variant, rpc);
                    cells.add(String.format(Locale.ROOT, "\"%s\": {\"p50_ms\": %.2f, \"p99_ms\": %.2f, \"n\": %d}",
                            runtime, ms(l.p50()), ms(l.p99()), l.count()));
                }
                rows.add("    {\"rpc\": \"%s\", \"network\": \"%s\", %s}".formatted(rpc, variant, String.join(", ", cells)));
            }
        }
        return """
                {
                  "started": "%s",
                  "pods": %d,
                  "warm_ups": %d,
                  "loadavg_before": "%s",
                  "loadavg_after": "%s",
                  "containerd_handler": "runc",
                  "rows": [
                %s
                  ]
                }
                """.formatted(started, count, warmUps, loadBefore, loadAfter, String.join(",\n", rows));
    }

    private void add(String runtime, String variant, String rpc, long nanos) {
        latencies.computeIfAbsent(runtime + "|" + variant + "|" + rpc, Latencies::new).record(Duration.ofNanos(nanos));
    }

    private Latencies get(String runtime, String variant, String rpc) {
        Latencies l = latencies.get(runtime + "|" + variant + "|" + rpc);
        if (l == null) {
            throw new IllegalStateException("nothing measured for " + runtime + " " + rpc + " (" + variant + ")");
        }
        return l;
    }

    private static String variant(boolean cni) {
        return cni ? "CNI bridge" : "host network";
    }

    private static String pair(Latencies l) {
        return String.format(Locale.ROOT, "%.1f / %.1f", ms(l.p50()), ms(l.p99()));
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
