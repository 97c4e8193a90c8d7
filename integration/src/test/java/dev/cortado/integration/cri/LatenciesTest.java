package dev.cortado.integration.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatenciesTest {
    @Test
    void percentiles_byNearestRank() {
        Latencies l = new Latencies("calls");
        for (int ms = 100; ms >= 1; ms--) {
            l.record(Duration.ofMillis(ms));
        }

        assertThat(l.p50()).isEqualTo(Duration.ofMillis(50));
        assertThat(l.p99()).isEqualTo(Duration.ofMillis(99));
        assertThat(l.percentile(100)).isEqualTo(Duration.ofMillis(100));
        assertThat(l.toString()).isEqualTo("calls: n=100 p50=50.0ms p90=90.0ms p99=99.0ms max=100.0ms");
    }

    @Test
    void time_recordsEvenWhenTheCallThrows_andMergeAddsSamples() throws Exception {
        Latencies a = new Latencies("a");
        assertThat(a.time(() -> "x")).isEqualTo("x");
        assertThatThrownBy(() -> a.time(() -> {
                    throw new IllegalStateException("boom");
                }))
                .hasMessage("boom");

        assertThat(a.merge(new Latencies("b")).count()).isEqualTo(2);
        assertThatThrownBy(() -> new Latencies("none").p50()).hasMessageContaining("0 samples of none");
    }
}
