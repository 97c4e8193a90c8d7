package dev.cortado.shim.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.events.TaskEvent;
import dev.cortado.shim.io.StdioPaths;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskServiceTest {
    @TempDir
    Path tmp;

    private TaskFixture f;
    private final TaskKey key = new TaskKey("ns", "c1");

    @BeforeEach
    void setUp() throws Exception {
        f = new TaskFixture(tmp);
    }

    private void create() {
        f.service.create(new CreateTask(key, f.bundle, List.of(), StdioPaths.none()));
    }

    @Test
    void taskLifecycle_publishesCreateStartExitDeleteInOrder() {
        create();
        f.service.start(key, "");
        f.operations.kill(key, "", 15, false);
        assertThat(f.service.waitFor(key, "").code()).isEqualTo(143);
        f.service.delete(key, "");

        assertThat(f.events.topics()).containsExactly("/tasks/create", "/tasks/start", "/tasks/exit", "/tasks/delete");
        assertThat(((TaskEvent.Exited) f.events.events.get(2)).exitStatus()).isEqualTo(143);
        assertThat(f.cgroups.removed).containsExactly("/test/c1");
    }

    @Test
    void deleteOfACreatedTaskWhoseProcessWasJustKilled_succeeds() {
        create();
        // a CRI stop killed the never-started process; its exit is not recorded yet when Delete comes
        f.processes.made.get(0).exit(137);
        f.service.delete(key, "");

        assertThat(f.events.topics()).contains("/tasks/create", "/tasks/delete");
        assertThat(f.cgroups.removed).containsExactly("/test/c1");
    }

    @Test
    void closeIoOfAnExecThatJustExited_succeeds_thoughItsMonitorIsGoing() {
        create();
        f.service.start(key, "");
        f.operations.exec(key, "e1", StdioPaths.none(), "{\"args\":[\"cat\"],\"cwd\":\"/\"}");
        f.service.start(key, "e1");
        f.operations.closeStdin(key, "e1"); // running: the monitor closes its end
        f.processes.byStateDir.get(f.store.processDir(key, "e1")).exit(0);
        assertThat(f.service.waitFor(key, "e1").code()).isZero();

        f.operations.closeStdin(key, "e1"); // a client's stdin EOF arriving after the exit

        assertThatThrownBy(() -> f.operations.closeStdin(key, "nope"))
                .isInstanceOf(CortadoException.class)
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void exec_publishesAddedStartedAndExitWithTheExecId() {
        create();
        f.service.start(key, "");
        f.operations.exec(key, "e1", StdioPaths.none(), "{\"args\":[\"true\"],\"cwd\":\"/\"}");
        f.service.start(key, "e1");
        f.processes.byStateDir.get(f.store.processDir(key, "e1")).exit(3);

        assertThat(f.service.waitFor(key, "e1").code()).isEqualTo(3);
        await().until(() -> f.events.events.size() == 5);
        assertThat(f.events.topics())
                .containsExactly(
                        "/tasks/create", "/tasks/start", "/tasks/exec-added", "/tasks/exec-started", "/tasks/exit");
        assertThat(((TaskEvent.Exited) f.events.events.get(4)).id()).isEqualTo("e1");
    }

    @Test
    void killAll_signalsEveryProcessOfTheContainersCgroup() {
        create();
        f.service.start(key, "");

        f.operations.kill(key, "", 15, true);

        assertThat(f.cgroups.signalled).containsExactly("/test/c1 15");
    }

    @Test
    void killWithoutAll_leavesTheCgroupAlone() {
        create();
        f.service.start(key, "");

        f.operations.kill(key, "", 15, false);

        assertThat(f.cgroups.signalled).isEmpty();
    }

    @Test
    void deleteOfRunningTask_failsPreconditionNamingTheState() {
        create();
        f.service.start(key, "");

        assertThatThrownBy(() -> f.service.delete(key, ""))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("it is running")
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.FAILED_PRECONDITION);
    }

    @Test
    void sameIdInTwoNamespaces_areTwoTasks() {
        create();
        f.service.create(new CreateTask(new TaskKey("other", "c1"), f.bundle, List.of(), StdioPaths.none()));

        assertThat(f.registry.all()).hasSize(2);
    }

    @Test
    void createWithAnUnknownStdioScheme_isInvalidArgumentAndLeavesNothing() {
        StdioPaths stdio = new StdioPaths("", "binary-v2:///usr/bin/logger", "", false);

        assertThatThrownBy(() -> f.service.create(new CreateTask(key, f.bundle, List.of(), stdio)))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("binary-v2")
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(f.registry.all()).isEmpty();
        assertThat(f.events.events).isEmpty();
    }

    @Test
    void execWithAnUnknownStdioScheme_isInvalidArgument() {
        create();
        f.service.start(key, "");
        StdioPaths stdio = new StdioPaths("", "", "journald://x", false);

        assertThatThrownBy(() -> f.operations.exec(key, "e1", stdio, "{\"args\":[\"true\"],\"cwd\":\"/\"}"))
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(f.registry.get(key).execs()).isEmpty();
    }

    @Test
    void createTwice_isAlreadyExists() {
        create();
        assertThatThrownBy(this::create)
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.ALREADY_EXISTS);
    }

    @Test
    void pauseAndResume_freezeTheCgroupAndPublishEvents() {
        create();
        f.service.start(key, "");
        f.resources.pause(key);
        assertThat(f.service.state(key, "").state()).isEqualTo(Lifecycle.PAUSED);
        assertThat(f.cgroups.frozen).contains("/test/c1");
        f.resources.resume(key);

        assertThat(f.events.topics()).endsWith("/tasks/paused", "/tasks/resumed");
        assertThat(f.cgroups.frozen).isEmpty();
    }

    @Test
    void restartedService_readoptsTasksWithTheirPidsAndReportsExitsThatHappenedMeanwhile() {
        create();
        int pid = f.service.start(key, "");
        f.events.failing.add("/tasks/exit"); // the first server dies before containerd has the exit
        f.processes.byStateDir.get(f.store.processDir(key, "")).exit(9);

        TaskRegistry registry = new TaskRegistry();
        RecordingEvents events = new RecordingEvents();
        TaskService restarted = f.restarted(registry, events);

        assertThat(restarted.state(key, "").pid()).isEqualTo(pid);
        assertThat(restarted.waitFor(key, "").code()).isEqualTo(9);
        await().until(() -> events.topics().contains("/tasks/exit"));
    }

    @Test
    void restartedService_doesNotPublishAgainAnExitContainerdAlreadyHas() throws Exception {
        create();
        f.service.start(key, "");
        f.processes.byStateDir.get(f.store.processDir(key, "")).exit(3);
        await().until(() ->
                java.nio.file.Files.exists(f.store.processDir(key, "").resolve(PublishedExits.FILE)));
        assertThat(f.events.topics()).containsOnlyOnce("/tasks/exit");

        RecordingEvents events = new RecordingEvents();
        TaskService restarted = f.restarted(new TaskRegistry(), events);

        assertThat(restarted.state(key, "").state()).isEqualTo(Lifecycle.STOPPED);
        assertThat(restarted.waitFor(key, "").code()).isEqualTo(3);
        await().during(java.time.Duration.ofMillis(500))
                .atMost(java.time.Duration.ofSeconds(2))
                .until(() -> !events.topics().contains("/tasks/exit"));
        restarted.delete(key, "");
        assertThat(events.topics()).containsExactly("/tasks/delete");
    }

    @Test
    void exitOfAnExec_isRecordedAsPublishedToo() {
        create();
        f.service.start(key, "");
        f.operations.exec(key, "e1", StdioPaths.none(), "{\"args\":[\"true\"],\"cwd\":\"/\"}");
        f.service.start(key, "e1");
        f.processes.byStateDir.get(f.store.processDir(key, "e1")).exit(0);
        await().until(() ->
                java.nio.file.Files.exists(f.store.processDir(key, "e1").resolve(PublishedExits.FILE)));

        RecordingEvents events = new RecordingEvents();
        TaskService restarted = f.restarted(new TaskRegistry(), events);

        assertThat(restarted.state(key, "e1").state()).isEqualTo(Lifecycle.STOPPED);
        await().during(java.time.Duration.ofMillis(300))
                .atMost(java.time.Duration.ofSeconds(2))
                .until(() -> events.topics().isEmpty());
    }
}
