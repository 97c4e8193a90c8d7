package dev.cortado.cri.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cri.runtime.ProcessState;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restarted daemon finds its containers as they are now: recovered, exited while down, or lost. */
class ContainerRecoveryTest {
    @TempDir
    Path dir;

    ContainerFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ContainerFixture(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void exitedWhileDown_reportsItsRealExitCodeAndTime() {
        Container c = f.running("gone-quietly");
        ContainerService restarted = restart();
        f.tasks.recovered.put(c.id(), FakeTasks.state(c.id(), ProcessState.Status.STOPPED, 42));
        assertThat(restarted.recover()).isEqualTo(1);
        Container after = restarted.status(c.id());
        assertThat(after.state()).isEqualTo(ContainerState.EXITED);
        assertThat(after.status().exitCode()).isEqualTo(42);
        assertThat(after.status().reason()).isEqualTo("Error");
        assertThat(after.status().finishedAtNanos()).isEqualTo(FakeTasks.EXITED_AT.getEpochSecond() * 1_000_000_000L);
        assertThat(f.mounter.mounted).isEmpty();
    }

    @Test
    void alive_staysRunningAndGetsItsLogCopyBack() {
        Container c = f.running("alive");
        ContainerService restarted = restart();
        f.tasks.recovered.put(c.id(), FakeTasks.state(c.id(), ProcessState.Status.RUNNING, 0));
        assertThat(restarted.recover()).isZero();
        assertThat(restarted.status(c.id()).state()).isEqualTo(ContainerState.RUNNING);
        FakeContainerIo.Copier copier = f.io.last(c.id());
        assertThat(f.io.copiers.stream().filter(x -> x.containerId.equals(c.id())))
                .hasSize(2);
        assertThat(copier.closed).isFalse();
        assertThat(copier.stdout).isEqualTo(f.bundle(c.id()).resolve("io/stdout"));
        restarted.reopenLog(c.id());
        assertThat(copier.reopened).hasValue(1);
        restarted.stop(c.id(), Duration.ofSeconds(1));
        assertThat(restarted.status(c.id()).status().exitCode()).isEqualTo(143);
    }

    @Test
    void startNotYetPersisted_becomesRunning() {
        Container c = f.create("mid-start");
        ContainerService restarted = restart();
        f.tasks.recovered.put(c.id(), FakeTasks.state(c.id(), ProcessState.Status.RUNNING, 0));
        assertThat(restarted.recover()).isEqualTo(1);
        Container after = restarted.status(c.id());
        assertThat(after.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(after.status().pid()).isEqualTo(4242);
    }

    @Test
    void shimGone_isExited255Unknown() {
        Container c = f.running("lost");
        ContainerService restarted = restart();
        assertThat(restarted.recover()).isEqualTo(1);
        Container after = restarted.status(c.id());
        assertThat(after.state()).isEqualTo(ContainerState.EXITED);
        assertThat(after.status().exitCode()).isEqualTo(255);
        assertThat(after.status().reason()).isEqualTo("Unknown");
        assertThat(after.status().message()).contains("gone");
    }

    @Test
    void afterAReboot_runningAndCreatedAreExited255_withoutAskingAShim() {
        Container running = f.running("r");
        Container created = f.create("c");
        Container exited = f.running("e");
        f.service.stop(exited.id(), Duration.ZERO);
        ContainerService restarted = restart();
        f.bootId.set("boot-2");
        assertThat(restarted.recover()).isEqualTo(2);
        assertThat(restarted.status(running.id()).status().exitCode()).isEqualTo(255);
        assertThat(restarted.status(created.id()).state()).isEqualTo(ContainerState.EXITED);
        assertThat(restarted.status(exited.id()).status().exitCode()).isEqualTo(137);
        assertThat(f.tasks.calls).noneMatch(call -> call.startsWith("recover"));
    }

    @Test
    void bundleGone_isTreatedAsAReboot() throws Exception {
        Container c = f.running("wiped");
        ContainerService restarted = restart();
        ContainerDirs.delete(f.bundle(c.id()));
        restarted.recover();
        assertThat(restarted.status(c.id()).status().reason()).isEqualTo("Unknown");
        restarted.remove(c.id());
        assertThat(restarted.list(ContainerFilter.ALL)).isEmpty();
    }

    private ContainerService restart() {
        f.service.close();
        f.service = f.newService();
        return f.service;
    }
}
