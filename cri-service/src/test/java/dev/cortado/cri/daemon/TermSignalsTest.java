package dev.cortado.cri.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TermSignalsTest {
    @Test
    void aHandledSignal_callsTheAction_insteadOfEndingTheJvm() throws Exception {
        // a JVM installs no handler for a shutdown signal that was ignored when it started (nohup)
        assumeFalse(ignoredAtStart(1), "SIGHUP is ignored in this JVM (started under nohup?)");
        CountDownLatch called = new CountDownLatch(1);
        // SIGHUP: this test JVM's own, so that surefire's fork keeps its TERM and INT; unhandled it would exit
        TermSignals.on(List.of("HUP"), called::countDown);
        Process kill = new ProcessBuilder(
                        "kill", "-HUP", Long.toString(ProcessHandle.current().pid()))
                .start();
        assertThat(kill.waitFor()).isZero();
        assertThat(called.await(10, TimeUnit.SECONDS)).as("handler ran").isTrue();
    }

    /** Whether signal {@code number} is in this process's ignored set ({@code SigIgn} of /proc/self/status). */
    private static boolean ignoredAtStart(int number) throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (number - 1))) != 0;
            }
        }
        return false;
    }

    @Test
    void anUnknownSignal_failsNamingIt() {
        assertThatThrownBy(() -> TermSignals.on(List.of("NOSUCHSIG"), () -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NOSUCHSIG");
    }
}
