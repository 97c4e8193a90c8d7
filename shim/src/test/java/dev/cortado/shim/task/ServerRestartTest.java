package dev.cortado.shim.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.events.TaskEvent;
import dev.cortado.shim.io.StdioPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server restarted after {@code kill -9} (a new service over the same store and monitors):
 * it serves while it re-adopts, and an exit whose delivery it never recorded is published
 * again as the very same event.
 */
class ServerRestartTest {
    @TempDir
    Path tmp;

    private TaskFixture f;
    private final TaskKey key = new TaskKey("ns", "c1");

    @BeforeEach
    void setUp() throws Exception {
        f = new TaskFixture(tmp);
        f.service.create(new CreateTask(key, f.bundle, List.of(), StdioPaths.none()));
        f.service.start(key, "");
    }

    @Test
    void callForATaskBeingReadopted_waitsForIt_andItsIdCannotBeTakenMeanwhile() throws Exception {
        TaskRegistry registry = new TaskRegistry();
        RecordingEvents events = new RecordingEvents();
        TaskService restarted = f.serviceAfterRestart(registry, events);
        Readoption readoption = f.readoption(registry, events, restarted);

        assertThat(readoption.expectAll()).containsExactly("ns");
        CompletableFuture<Lifecycle> state =
                CompletableFuture.supplyAsync(() -> restarted.state(key, "").state());
        Thread.sleep(200);
        assertThat(state).isNotDone();
        assertThat(registry.isEmpty()).isFalse();
        assertThatThrownBy(() -> restarted.create(new CreateTask(key, f.bundle, List.of(), StdioPaths.none())))
                .isInstanceOf(CortadoException.class)
                .satisfies(e -> assertThat(((CortadoException) e).kind()).isEqualTo(ErrorKind.ALREADY_EXISTS));

        assertThat(readoption.readoptExpected(2).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(state.get(10, TimeUnit.SECONDS)).isEqualTo(Lifecycle.RUNNING);
        assertThatThrownBy(() -> restarted.state(new TaskKey("ns", "other"), ""))
                .isInstanceOf(CortadoException.class)
                .satisfies(e -> assertThat(((CortadoException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void crashBetweenDeliveryAndItsRecord_publishesTheSameExitAgain_withItsPid() throws Exception {
        f.events.unconfirmed.add("/tasks/exit"); // containerd took it; the server died before it wrote so
        f.processes.byStateDir.get(f.store.processDir(key, "")).exit(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> f.events.topics().contains("/tasks/exit"));
        TaskEvent.Exited first =
                (TaskEvent.Exited) f.events.events.get(f.events.topics().indexOf("/tasks/exit"));
        assertThat(first.pid()).isPositive();
        assertThat(f.store.processDir(key, "").resolve(PublishedExits.FILE)).doesNotExist();

        RecordingEvents events = new RecordingEvents();
        f.restarted(new TaskRegistry(), events);

        await().atMost(Duration.ofSeconds(5)).until(() -> events.topics().contains("/tasks/exit"));
        // the same event: containerd's CRI and cortado's record the first and ignore this one
        assertThat(events.events).containsExactly(first);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Files.exists(f.store.processDir(key, "").resolve(PublishedExits.FILE)));

        RecordingEvents third = new RecordingEvents();
        f.restarted(new TaskRegistry(), third);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> third.events.isEmpty());
    }
}
