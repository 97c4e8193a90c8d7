package dev.cortado.integration.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.integration.DaemonProcess;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void noOptions_runEverySectionAtTheIssuesSizes() {
        BenchOptions o = BenchOptions.parse();
        assertThat(o.sections()).containsExactlyInAnyOrder("lifecycle", "density", "exec", "pull");
        assertThat(o.counts()).containsExactly(10, 50, 100);
        assertThat(o.largeMib()).isEqualTo(200);
        assertThat(o.manyContainers()).isZero();
        assertThat(o.jvm()).isEqualTo(DaemonProcess.Jvm.LAUNCHER);
    }

    @Test
    void quickAndASubset_shrinkTheRun() {
        BenchOptions o =
                BenchOptions.parse("--quick", "--sections", "exec,pull", "--containers-1000", "--cortado-jvm", "plain");
        assertThat(o.runs("exec")).isTrue();
        assertThat(o.runs("lifecycle")).isFalse();
        assertThat(o.counts()).isEqualTo(List.of(10));
        assertThat(o.manyContainers()).isEqualTo(1000);
        assertThat(o.jvm()).isEqualTo(DaemonProcess.Jvm.PLAIN);
    }

    @Test
    void badOptions_areRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> BenchOptions.parse("--sections", "lifecycle,gc"))
                .hasMessageContaining("gc");
        assertThatThrownBy(() -> BenchOptions.parse("--counts", "50,10")).hasMessageContaining("ascend");
        assertThatThrownBy(() -> BenchOptions.parse("--cycles", "0")).hasMessageContaining("--cycles");
        assertThatThrownBy(() -> BenchOptions.parse("--execs")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("--fast")).hasMessageContaining("unknown option --fast");
    }
}
