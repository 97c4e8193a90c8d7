package dev.cortado.cri.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The rules a histogram family of the text format must keep, and reading its buckets in tests. */
final class Histograms {
    private Histograms() {}

    /** Per series: buckets cumulative in {@code le} order, {@code +Inf} present and equal to {@code _count}, a {@code _sum}. */
    static void check(PrometheusText.Family f) {
        Map<Map<String, String>, TreeMap<Double, Double>> buckets = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        Map<Map<String, String>, Double> sums = new LinkedHashMap<>();
        for (PrometheusText.Sample s : f.samples()) {
            if (s.name().equals(f.name() + "_bucket")) {
                String le = s.labels().get("le");
                if (le == null) {
                    throw new IllegalArgumentException(s.name() + " without le");
                }
                Map<String, String> key = without(s.labels());
                buckets.computeIfAbsent(key, k -> new TreeMap<>())
                        .put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), s.value());
            } else if (s.name().equals(f.name() + "_count")) {
                counts.put(s.labels(), s.value());
            } else if (s.name().equals(f.name() + "_sum")) {
                sums.put(s.labels(), s.value());
            } else {
                throw new IllegalArgumentException("histogram " + f.name() + " has a sample " + s.name());
            }
        }
        buckets.forEach((labels, byLe) -> {
            double previous = 0;
            for (double n : byLe.values()) {
                if (n < previous) {
                    throw new IllegalArgumentException(
                            "buckets of " + f.name() + labels + " are not cumulative: " + byLe);
                }
                previous = n;
            }
            Double inf = byLe.get(Double.POSITIVE_INFINITY);
            if (inf == null || !inf.equals(counts.get(labels)) || !sums.containsKey(labels)) {
                throw new IllegalArgumentException(f.name() + labels + ": +Inf bucket " + inf + ", _count "
                        + counts.get(labels) + ", _sum " + sums.get(labels));
            }
        });
        if (!buckets.keySet().equals(counts.keySet())) {
            throw new IllegalArgumentException(f.name() + ": series with _count but no buckets " + counts.keySet());
        }
    }

    /** The cumulative counts by upper bound of the series with {@code labels} (le left out). */
    static TreeMap<Double, Double> buckets(PrometheusText.Family f, Map<String, String> labels) {
        TreeMap<Double, Double> out = new TreeMap<>();
        for (PrometheusText.Sample s : f.samples()) {
            if (s.name().endsWith("_bucket") && without(s.labels()).equals(labels)) {
                String le = s.labels().get("le");
                out.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), s.value());
            }
        }
        return out;
    }

    /** The value of the one sample named {@code name} with exactly {@code labels}, or null. */
    static Double value(Map<String, PrometheusText.Family> families, String name, Map<String, String> labels) {
        for (PrometheusText.Family f : families.values()) {
            for (PrometheusText.Sample s : f.samples()) {
                if (s.name().equals(name) && s.labels().equals(labels)) {
                    return s.value();
                }
            }
        }
        return null;
    }

    private static Map<String, String> without(Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>(labels);
        out.remove("le");
        return Map.copyOf(out);
    }

    static List<Double> bounds(double... values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
