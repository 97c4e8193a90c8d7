package dev.cortado.shim.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.shim.linux.RecordingSyscalls;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signals to a cgroup's pids are kill(2) calls, no shell; a pid gone meanwhile is skipped. */
class SyscallSignalsTest {

    @Test
    void send_killsEachPidWithTheSignal_andSkipsOnesThatExited() {
        RecordingSyscalls sys = new RecordingSyscalls();
        sys.exited.add(12);

        new SyscallSignals(sys).send(15, List.of(11L, 12L, 13L));

        assertThat(sys.calls).containsExactly("kill 11 15", "kill 12 15", "kill 13 15");
    }
}
