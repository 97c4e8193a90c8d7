package dev.cortado.cri.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.cri.container.ContainerState;
import dev.cortado.cri.sandbox.SandboxState;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test parser is as strict as the format: what it accepts and the mistakes it refuses. */
class PrometheusTextTest {
    private static final String GOOD = """
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="post",code="400"}    3 1395066363000

            # A normal comment.
            msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
            # TYPE rpc_duration histogram
            rpc_duration_bucket{le="0.05"} 24054
            rpc_duration_bucket{le="+Inf"} 144320
            rpc_duration_sum 53423
            rpc_duration_count 144320
            metric_without_timestamp_and_labels 12.47
            """;

    @Test
    void theFormatsOwnExample_parses() {
        Map<String, PrometheusText.Family> families = PrometheusText.parse(GOOD);
        assertThat(families.get("http_requests_total").type()).isEqualTo("counter");
        assertThat(families.get("http_requests_total").help()).isEqualTo("The total number of HTTP requests.");
        assertThat(Histograms.value(families, "http_requests_total", Map.of("method", "post", "code", "400")))
                .isEqualTo(3);
        assertThat(families.get("msdos_file_access_time_seconds")
                        .samples()
                        .get(0)
                        .labels())
                .containsEntry("path", "C:\\DIR\\FILE.TXT")
                .containsEntry("error", "Cannot find file:\n\"FILE.TXT\"");
        assertThat(Histograms.buckets(families.get("rpc_duration"), Map.of()))
                .containsEntry(0.05, 24054.0)
                .containsEntry(Double.POSITIVE_INFINITY, 144320.0);
        assertThat(families.get("metric_without_timestamp_and_labels").type()).isNull();
    }

    @Test
    void everyMetricOfTheDaemon_readsAsThePrometheusReferenceParserReadsIt() throws Exception {
        assumeTrue(
                ReferenceParser.available(), "python3-prometheus-client not installed (integration/bin/install-deps)");
        CortadoMetrics metrics = new CortadoMetrics(System::nanoTime, true);
        metrics.pulls().started().finished(java.util.Optional.empty());
        metrics.pulls().downloaded(12345);
        StateGauges.register(
                metrics.registry(),
                () -> List.of(ContainerState.RUNNING),
                () -> List.of(SandboxState.READY),
                System::nanoTime);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
        String text = out.toString(StandardCharsets.UTF_8) + GOOD;

        List<PrometheusText.Sample> ours = PrometheusText.parse(text).values().stream()
                .flatMap(f -> f.samples().stream())
                .toList();
        assertThat(ours).hasSizeGreaterThan(50).containsExactlyInAnyOrderElementsOf(ReferenceParser.parse(text));
        assertThatThrownBy(() -> ReferenceParser.parse("x{a=1} 1\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedExpositions_areRefused() {
        for (String bad : new String[] {
            "x{a=\"1\"} 1", // no final line feed
            "x{a=1} 1\n", // unquoted label value
            "x{a=\"1\" 1\n", // unclosed braces
            "x 1 2 3\n", // text after the timestamp
            "x one\n", // not a number
            "1x 1\n", // bad metric name
            "x 1\nx 2\n", // a series twice
            "x 1\ny 1\nx{a=\"b\"} 1\n", // a family split
            "# TYPE x counter\n# TYPE x counter\nx 1\n", // TYPE twice
            "x 1\n# TYPE x counter\n", // TYPE after samples
            "# TYPE x wobbly\nx 1\n", // unknown type
            "# TYPE x counter\nx -1\n", // negative counter
            "x{a=\"\\q\"} 1\n", // bad escape
            "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", // not cumulative
            "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", // no +Inf
            "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 1\n", // +Inf != count
        }) {
            assertThatThrownBy(() -> PrometheusText.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
