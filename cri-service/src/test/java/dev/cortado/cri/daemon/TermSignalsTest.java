package dev.cortado.cri.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TermSignalsTest {
    @Test
    void aHandledSignal_callsTheAction_insteadOfEndingTheJvm() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        // SIGHUP: this test JVM's own, so that surefire's fork keeps its TERM and INT; unhandled it would exit
        TermSignals.on(List.of("HUP"), called::countDown);
        Process kill = new ProcessBuilder(
                        "kill", "-HUP", Long.toString(ProcessHandle.current().pid()))
                .start();
        assertThat(kill.waitFor()).isZero();
        assertThat(called.await(10, TimeUnit.SECONDS)).as("handler ran").isTrue();
    }

    @Test
    void anUnknownSignal_failsNamingIt() {
        assertThatThrownBy(() -> TermSignals.on(List.of("NOSUCHSIG"), () -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NOSUCHSIG");
    }
}
