package dev.cortado.integration.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.integration.cri.Latencies;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    @Test
    void aRow_showsBothSidesAndCortadosRatioPerValue() {
        BenchReport report = new BenchReport();
        report.add("density", "10 pods: daemon", "RSS/PSS MiB", new double[] {100, 80}, new double[] {50, 40});
        assertThat(report.table())
                .containsPattern("10 pods: daemon +RSS/PSS MiB +100\\.0/80\\.0 +50\\.0/40\\.0 +2\\.00/2\\.00");
        assertThat(report.json())
                .contains("\"cortado\": [100.000, 80.000], \"containerd\": [50.000, 40.000], "
                        + "\"ratio\": [2.000, 2.000]");
    }

    @Test
    void aSideNotMeasured_hasNoValuesAndNoRatio() {
        BenchReport report = new BenchReport();
        Latencies some = new Latencies("ExecSync");
        some.record(Duration.ofMillis(5));
        report.latency("exec", "ExecSync true", some, new Latencies("ExecSync"));
        assertThat(report.table())
                .containsPattern("ExecSync true \\(n=1/0\\) +p50/p90/p99 ms +5\\.0/5\\.0/5\\.0 +- +-");
        assertThat(report.json()).contains("\"containerd\": null, \"ratio\": null");
    }

    @Test
    void notes_areQuotedInTheJson() {
        BenchReport report = new BenchReport();
        report.note("pull failed", "java.io.IOException: \"x\" not found");
        assertThat(report.json()).contains("\"pull failed\": \"java.io.IOException: \\\"x\\\" not found\"");
    }
}
