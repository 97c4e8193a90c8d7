package dev.cortado.cri.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus project's own text-format parser, {@code prometheus_client.parser} of its
 * Python client (Debian's python3-prometheus-client), run on an exposition: each sample back as
 * name, labels and value, to compare with {@link PrometheusText}'s reading.
 */
final class ReferenceParser {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String SCRIPT = """
            import sys
            from prometheus_client.parser import text_string_to_metric_families
            for family in text_string_to_metric_families(sys.stdin.read()):
                for s in family.samples:
                    labels = "\\x1f".join(k + "=" + v.replace("\\\\", "\\\\\\\\").replace("\\n", "\\\\n")
                                           for k, v in sorted(s.labels.items()))
                    print(s.name + "\\x1e" + labels + "\\x1e" + float(s.value).hex())
            """;

    private ReferenceParser() {}

    /** Whether python3 and its prometheus_client are installed. */
    static boolean available() {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import prometheus_client.parser")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Every sample of {@code exposition} as the reference reads it; IllegalArgumentException when it refuses it. */
    static List<PrometheusText.Sample> parse(String exposition) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", SCRIPT)
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalArgumentException("the reference parser refused the exposition: " + out);
        }
        return out.lines().map(ReferenceParser::sample).toList();
    }

    private static PrometheusText.Sample sample(String line) {
        String[] parts = line.split("\u001e", -1);
        Map<String, String> labels = new TreeMap<>();
        if (!parts[1].isEmpty()) {
            for (String pair : parts[1].split("\u001f")) {
                // values come back escaped as in the format, so that a line feed in one stays on its line
                labels.put(
                        pair.substring(0, pair.indexOf('=')),
                        PrometheusText.unescape(pair.substring(pair.indexOf('=') + 1), false));
            }
        }
        String hex = parts[2];
        double value = switch (hex) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(hex);
        };
        return new PrometheusText.Sample(parts[0], Map.copyOf(labels), value);
    }
}
