package dev.cortado.shim.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.linux.RecordingSyscalls;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MonitorTest {
    // the first connection gets fd 3
    private final RecordingSyscalls sys = new RecordingSyscalls();
    private final Monitor monitor = new Monitor(sys, Path.of("/run/c1"));

    @Test
    void delete_reapsTheMonitorWhenItIsOurChild() {
        sys.script(3, "ok 777\n");

        monitor.delete();

        assertThat(sys.written.get(3).toString()).isEqualTo("delete\n");
        assertThat(sys.calls).contains("reap 777");
    }

    @Test
    void delete_olderMonitorWithoutPid_stillSucceeds() {
        sys.script(3, "ok\n");

        monitor.delete();

        assertThat(sys.calls).noneMatch(c -> c.startsWith("reap"));
    }

    @Test
    void delete_runningContainer_isRefusedAndReapsNothing() {
        sys.script(3, "error container is still running\n");

        assertThatThrownBy(monitor::delete)
                .isInstanceOf(CortadoException.class)
                .hasMessage("delete /run/c1: container is still running");
        assertThat(sys.calls).noneMatch(c -> c.startsWith("reap"));
    }
}
