package dev.cortado.cri.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cri.runtime.TaskEvent;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exits as the shim reports them, stop escalation, and OOM kills. */
class ContainerExitTest {
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
    void exitZero_isCompletedWithTheShimsTime_andTheTaskIsDeleted() {
        Container c = f.running("done");
        f.tasks.exit(c.id(), "", 0);
        Container after = f.awaitState(c.id(), ContainerState.EXITED);
        assertThat(after.status().exitCode()).isZero();
        assertThat(after.status().reason()).isEqualTo("Completed");
        assertThat(after.status().finishedAtNanos()).isEqualTo(FakeTasks.EXITED_AT.getEpochSecond() * 1_000_000_000L);
        assertThat(f.tasks.calls).contains("delete " + c.id() + " ");
        FakeContainerIo.Copier copier = f.io.last(c.id());
        ContainerFixture.await(() -> copier.closed);
        assertThat(copier.drained).hasPositiveValue();
        assertThat(f.mounter.mounted).isEmpty();
    }

    @Test
    void exitNonZero_isError() {
        Container c = f.running("fail");
        f.tasks.exit(c.id(), "", 3);
        Container after = f.awaitState(c.id(), ContainerState.EXITED);
        assertThat(after.status().exitCode()).isEqualTo(3);
        assertThat(after.status().reason()).isEqualTo("Error");
    }

    @Test
    void oomThenExit137_isOomKilled() {
        Container c = f.running("oom");
        f.tasks.emit(new TaskEvent.Oom("k8s.io", c.id()));
        f.tasks.exit(c.id(), "", 137);
        Container after = f.awaitState(c.id(), ContainerState.EXITED);
        assertThat(after.status().exitCode()).isEqualTo(137);
        assertThat(after.status().reason()).isEqualTo("OOMKilled");
    }

    @Test
    void oomAfterTheExitWasRecorded_stillMakesItOomKilled() {
        Container c = f.running("late-oom");
        f.tasks.exit(c.id(), "", 137);
        f.awaitState(c.id(), ContainerState.EXITED);
        f.tasks.emit(new TaskEvent.Oom("k8s.io", c.id()));
        ContainerFixture.await(() -> f.service.status(c.id()).status().reason().equals("OOMKilled"));
    }

    @Test
    void duplicateAndRecoveredExits_changeNothingAndPublishOneStopped() {
        Container c = f.running("dup");
        f.tasks.exit(c.id(), "", 1);
        f.awaitState(c.id(), ContainerState.EXITED);
        f.tasks.emit(new TaskEvent.Exited("k8s.io", c.id(), c.id(), 100, 9, FakeTasks.EXITED_AT, true));
        f.tasks.emit(new TaskEvent.Exited("k8s.io", c.id(), c.id(), 100, 9, FakeTasks.EXITED_AT, false));
        f.service.stop(c.id(), Duration.ofSeconds(1));
        assertThat(f.eventTypes(c.id(), 3))
                .containsExactly(ContainerEvent.Type.CREATED, ContainerEvent.Type.STARTED, ContainerEvent.Type.STOPPED);
        sleep(200);
        assertThat(f.eventTypes(c.id(), 3)).hasSize(3);
        assertThat(f.service.status(c.id()).status().exitCode()).isEqualTo(1);
    }

    @Test
    void execExit_doesNotTouchTheContainer() {
        Container c = f.running("exec-exit");
        f.tasks.emit(new TaskEvent.Exited("k8s.io", c.id(), "some-exec", 300, 0, FakeTasks.EXITED_AT, false));
        sleep(200);
        assertThat(f.service.status(c.id()).state()).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void stop_whenTheStopSignalIsIgnored_killsAfterTheTimeout() {
        Container c = f.running("stubborn");
        f.tasks.ignoredSignals.add(15);
        long start = System.nanoTime();
        f.service.stop(c.id(), Duration.ofMillis(300));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
        assertThat(f.tasks.calls).containsSubsequence("kill " + c.id() + "  15 false", "kill " + c.id() + "  9 true");
        Container after = f.service.status(c.id());
        assertThat(after.state()).isEqualTo(ContainerState.EXITED);
        assertThat(after.status().exitCode()).isEqualTo(137);
    }

    @Test
    void stop_withZeroTimeout_killsAtOnce() {
        Container c = f.running("now");
        f.service.stop(c.id(), Duration.ZERO);
        assertThat(f.tasks.calls).noneMatch(call -> call.contains(" 15 ")).contains("kill " + c.id() + "  9 true");
    }

    @Test
    void stop_usesTheImagesStopSignal() {
        ImageSource.Resolved image = f.images.get(ContainerFixture.IMAGE);
        f.images.put(
                ContainerFixture.IMAGE,
                new ImageSource.Resolved(
                        image.id(),
                        image.name(),
                        image.imageRef(),
                        new dev.cortado.cri.spec.ImageConfig(
                                java.util.List.of(),
                                java.util.List.of("sh"),
                                java.util.List.of(),
                                "",
                                "",
                                new java.util.TreeSet<>(),
                                "SIGQUIT"),
                        image.layers()));
        Container c = f.running("quit");
        assertThat(c.stopSignal()).isEqualTo("SIGQUIT");
        f.service.stop(c.id(), Duration.ofSeconds(5));
        assertThat(f.tasks.calls).contains("kill " + c.id() + "  3 false");
        assertThat(f.service.status(c.id()).status().exitCode()).isEqualTo(131);
    }

    @Test
    void stop_twice_isIdempotent() {
        Container c = f.running("again");
        f.service.stop(c.id(), Duration.ofSeconds(1));
        long kills = f.tasks.count("kill");
        f.service.stop(c.id(), Duration.ofSeconds(1));
        assertThat(f.tasks.count("kill")).isEqualTo(kills);
    }

    @Test
    void stop_whenTheTaskIsGone_isExited255Unknown() {
        Container c = f.running("gone");
        f.tasks.live.clear();
        f.service.stop(c.id(), Duration.ofSeconds(1));
        Container after = f.service.status(c.id());
        assertThat(after.status().exitCode()).isEqualTo(255);
        assertThat(after.status().reason()).isEqualTo("Unknown");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
