package dev.cortado.shim.task.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.cortado.api.cgroups.v2.Metrics;
import dev.cortado.api.containerd.task.v3.*;
import dev.cortado.api.containerd.v1.types.Status;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.checkpoint.CriuRunner;
import dev.cortado.shim.checkpoint.TaskCheckpointer;
import dev.cortado.shim.task.TaskFixture;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Task API contract, run over every transport the shim serves (ttrpc v2, ttrpc v3,
 * gRPC v3) against a real server on a temp socket, with fake processes and cgroups behind it.
 */
abstract class TaskApiContract {
    @TempDir
    Path tmp;

    protected TaskFixture fixture;
    protected TaskApiAdapter adapter;
    protected final AtomicInteger shutdowns = new AtomicInteger();
    /** criu: {@code check} fails while {@link #criuWorks} is false, {@code dump} succeeds; every call recorded. */
    private final java.util.List<java.util.List<String>> criuCalls = new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile boolean criuWorks = true;
    private final CriuRunner criu = args -> {
        criuCalls.add(args);
        return args.get(0).equals("check") && !criuWorks
                ? new CriuRunner.Result(1, "Error (criu/vdso.c:613): vdso: Failed to fill self vdso symtable\n")
                : new CriuRunner.Result(0, "");
    };
    private TaskTransport client;

    /** Serves {@code adapter} and returns a client of it. */
    protected abstract TaskTransport open(Path socket) throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new TaskFixture(tmp);
        adapter = new TaskApiAdapter(
                fixture.service,
                fixture.operations,
                fixture.resources,
                shutdowns::incrementAndGet,
                java.util.Optional.of(new TaskCheckpointer(
                        fixture.registry, criu, cgroup -> java.util.Optional.of(Path.of("/cg" + cgroup)))));
        client = open(tmp.resolve("t.sock"));
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
    }

    private <Q, R> R call(io.grpc.MethodDescriptor<Q, R> m, Q req) {
        return client.call("ns1", m, req);
    }

    private CreateTaskResponse create(String id) {
        return call(
                TaskGrpc.getCreateMethod(),
                CreateTaskRequest.newBuilder()
                        .setId(id)
                        .setBundle(fixture.bundle.toString())
                        .build());
    }

    @Test
    void fullLifecycle_createStartStateKillWaitDelete() {
        int pid = create("c1").getPid();
        assertThat(call(
                                TaskGrpc.getStateMethod(),
                                StateRequest.newBuilder().setId("c1").build())
                        .getStatus())
                .isEqualTo(Status.CREATED);
        assertThat(call(
                                TaskGrpc.getStartMethod(),
                                StartRequest.newBuilder().setId("c1").build())
                        .getPid())
                .isEqualTo(pid);
        assertThat(call(
                                TaskGrpc.getConnectMethod(),
                                ConnectRequest.newBuilder().setId("c1").build())
                        .getTaskPid())
                .isEqualTo(pid);

        call(
                TaskGrpc.getKillMethod(),
                KillRequest.newBuilder().setId("c1").setSignal(9).build());
        assertThat(call(
                                TaskGrpc.getWaitMethod(),
                                WaitRequest.newBuilder().setId("c1").build())
                        .getExitStatus())
                .isEqualTo(137);
        StateResponse stopped = call(
                TaskGrpc.getStateMethod(), StateRequest.newBuilder().setId("c1").build());
        assertThat(stopped.getStatus()).isEqualTo(Status.STOPPED);
        assertThat(stopped.getExitStatus()).isEqualTo(137);
        assertThat(call(
                                TaskGrpc.getDeleteMethod(),
                                DeleteRequest.newBuilder().setId("c1").build())
                        .getExitStatus())
                .isEqualTo(137);

        assertThat(kindOf(() -> call(
                        TaskGrpc.getStateMethod(),
                        StateRequest.newBuilder().setId("c1").build())))
                .isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void createWithOptionsOnlyRuncCouldHonour_isInvalidAndLeavesNoTask() {
        Any runc = Any.newBuilder()
                .setTypeUrl("containerd.runc.v1.Options")
                .setValue(dev.cortado.api.containerd.runc.v1.Options.newBuilder()
                        .setBinaryName("crun")
                        .build()
                        .toByteString())
                .build();

        assertThat(kindOf(() -> call(
                        TaskGrpc.getCreateMethod(),
                        CreateTaskRequest.newBuilder()
                                .setId("c1")
                                .setBundle(fixture.bundle.toString())
                                .setOptions(runc)
                                .build())))
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(kindOf(() -> call(
                        TaskGrpc.getStateMethod(),
                        StateRequest.newBuilder().setId("c1").build())))
                .isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void execProcess_startsAndExitsWithItsOwnStatus() {
        create("c1");
        call(TaskGrpc.getStartMethod(), StartRequest.newBuilder().setId("c1").build());
        Any spec = Any.newBuilder()
                .setTypeUrl("types.containerd.io/opencontainers/runtime-spec/1/Process")
                .setValue(ByteString.copyFromUtf8("{\"args\":[\"true\"],\"cwd\":\"/\"}"))
                .build();
        call(
                TaskGrpc.getExecMethod(),
                ExecProcessRequest.newBuilder()
                        .setId("c1")
                        .setExecId("e1")
                        .setSpec(spec)
                        .build());
        call(
                TaskGrpc.getStartMethod(),
                StartRequest.newBuilder().setId("c1").setExecId("e1").build());
        call(
                TaskGrpc.getKillMethod(),
                KillRequest.newBuilder()
                        .setId("c1")
                        .setExecId("e1")
                        .setSignal(15)
                        .build());

        assertThat(call(
                                TaskGrpc.getWaitMethod(),
                                WaitRequest.newBuilder()
                                        .setId("c1")
                                        .setExecId("e1")
                                        .build())
                        .getExitStatus())
                .isEqualTo(143);
        assertThat(call(
                                TaskGrpc.getStateMethod(),
                                StateRequest.newBuilder().setId("c1").build())
                        .getStatus())
                .isEqualTo(Status.RUNNING);
        call(
                TaskGrpc.getDeleteMethod(),
                DeleteRequest.newBuilder().setId("c1").setExecId("e1").build());
    }

    @Test
    void pauseResumeUpdateStatsPidsResizeCloseIo() {
        create("c1");
        call(TaskGrpc.getStartMethod(), StartRequest.newBuilder().setId("c1").build());
        call(TaskGrpc.getPauseMethod(), PauseRequest.newBuilder().setId("c1").build());
        assertThat(call(
                                TaskGrpc.getStateMethod(),
                                StateRequest.newBuilder().setId("c1").build())
                        .getStatus())
                .isEqualTo(Status.PAUSED);
        call(TaskGrpc.getResumeMethod(), ResumeRequest.newBuilder().setId("c1").build());

        call(
                TaskGrpc.getUpdateMethod(),
                UpdateTaskRequest.newBuilder()
                        .setId("c1")
                        .setResources(Any.newBuilder()
                                .setTypeUrl("types.containerd.io/opencontainers/runtime-spec/1/LinuxResources")
                                .setValue(ByteString.copyFromUtf8("{\"pids\":{\"limit\":42}}")))
                        .build());
        assertThat(fixture.cgroups.lastUpdate.pids()).isEqualTo(42L);

        Any stats = call(
                        TaskGrpc.getStatsMethod(),
                        StatsRequest.newBuilder().setId("c1").build())
                .getStats();
        assertThat(stats.getTypeUrl()).isEqualTo("io.containerd.cgroups.v2.Metrics");
        assertThat(parseMetrics(stats).getCpu().getUsageUsec()).isEqualTo(1234);
        assertThat(call(
                                TaskGrpc.getPidsMethod(),
                                PidsRequest.newBuilder().setId("c1").build())
                        .getProcessesCount())
                .isEqualTo(1);

        call(
                TaskGrpc.getCloseIOMethod(),
                CloseIORequest.newBuilder().setId("c1").setStdin(true).build());
        assertThat(kindOf(() -> call(
                        TaskGrpc.getResizePtyMethod(),
                        ResizePtyRequest.newBuilder()
                                .setId("c1")
                                .setWidth(80)
                                .setHeight(24)
                                .build())))
                .isEqualTo(ErrorKind.FAILED_PRECONDITION);
    }

    @Test
    void illegalTransition_isFailedPrecondition() {
        create("c1");
        assertThat(kindOf(() -> call(
                        TaskGrpc.getPauseMethod(),
                        PauseRequest.newBuilder().setId("c1").build())))
                .isEqualTo(ErrorKind.FAILED_PRECONDITION);
    }

    @Test
    void checkpoint_ofATaskNotStarted_isFailedPreconditionAndRunsNoCriu() {
        create("c1");
        assertThat(kindOf(() -> checkpoint("c1", Any.getDefaultInstance()))).isEqualTo(ErrorKind.FAILED_PRECONDITION);
        assertThat(criuCalls).isEmpty();
    }

    @Test
    void checkpoint_whenCriuCheckFails_isFailedPreconditionNamingCriusMessage_andChecksOnce() {
        criuWorks = false;
        create("c1");
        call(TaskGrpc.getStartMethod(), StartRequest.newBuilder().setId("c1").build());

        Throwable first = catchThrowable(() -> checkpoint("c1", Any.getDefaultInstance()));
        Throwable second = catchThrowable(() -> checkpoint("c1", Any.getDefaultInstance()));

        assertThat(TaskTransport.kindOf(first)).isEqualTo(ErrorKind.FAILED_PRECONDITION);
        assertThat(first)
                .hasMessageContaining("criu does not work on this host")
                .hasMessageContaining("vdso: Failed to fill self vdso symtable");
        assertThat(TaskTransport.kindOf(second)).isEqualTo(ErrorKind.FAILED_PRECONDITION);
        assertThat(criuCalls).containsExactly(java.util.List.of("check"));
    }

    @Test
    void checkpoint_ofARunningTask_dumpsItsTreeAndLeavesItRunning() {
        int pid = create("c1").getPid();
        call(TaskGrpc.getStartMethod(), StartRequest.newBuilder().setId("c1").build());
        Path images = tmp.resolve("images");

        checkpoint("c1", Any.getDefaultInstance(), images);

        assertThat(criuCalls).hasSize(2);
        assertThat(criuCalls.get(1))
                .containsSubsequence("dump", "--tree", Integer.toString(pid), "--images-dir", images.toString())
                .contains("--leave-running");
        assertThat(images).isDirectory();
        assertThat(call(
                                TaskGrpc.getStateMethod(),
                                StateRequest.newBuilder().setId("c1").build())
                        .getStatus())
                .isEqualTo(Status.RUNNING);
    }

    @Test
    void checkpoint_ofAPausedTask_collectsItThroughItsFrozenCgroup() {
        create("c1");
        call(TaskGrpc.getStartMethod(), StartRequest.newBuilder().setId("c1").build());
        call(TaskGrpc.getPauseMethod(), PauseRequest.newBuilder().setId("c1").build());

        checkpoint("c1", Any.getDefaultInstance());

        assertThat(criuCalls.get(1)).containsSubsequence("--freeze-cgroup", "/cg/test/c1");
        assertThat(call(
                                TaskGrpc.getStateMethod(),
                                StateRequest.newBuilder().setId("c1").build())
                        .getStatus())
                .isEqualTo(Status.PAUSED);
    }

    @Test
    void checkpoint_withRuncsExitOption_letsCriuStopTheTask() {
        create("c1");
        call(TaskGrpc.getStartMethod(), StartRequest.newBuilder().setId("c1").build());
        Any exit = Any.newBuilder()
                .setTypeUrl("containerd.runc.v1.CheckpointOptions")
                .setValue(dev.cortado.api.containerd.runc.v1.CheckpointOptions.newBuilder()
                        .setExit(true)
                        .setOpenTcp(true)
                        .build()
                        .toByteString())
                .build();

        checkpoint("c1", exit, tmp.resolve("images"));

        assertThat(criuCalls.get(1)).contains("--tcp-established").doesNotContain("--leave-running");
    }

    @Test
    void checkpoint_withOptionsOfAnotherType_isInvalid() {
        create("c1");
        call(TaskGrpc.getStartMethod(), StartRequest.newBuilder().setId("c1").build());
        Any wrong = Any.newBuilder().setTypeUrl("containerd.runc.v1.Options").build();
        assertThat(kindOf(() -> checkpoint("c1", wrong))).isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }

    private void checkpoint(String id, Any options) {
        checkpoint(id, options, tmp.resolve("images"));
    }

    private void checkpoint(String id, Any options, Path images) {
        call(
                TaskGrpc.getCheckpointMethod(),
                CheckpointTaskRequest.newBuilder()
                        .setId(id)
                        .setPath(images.toString())
                        .setOptions(options)
                        .build());
    }

    @Test
    void tasksOfOtherNamespaces_areNotVisible() {
        create("c1");
        assertThat(kindOf(() -> client.call(
                        "ns2",
                        TaskGrpc.getStateMethod(),
                        StateRequest.newBuilder().setId("c1").build())))
                .isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void shutdown_isPassedToThePolicy() {
        call(
                TaskGrpc.getShutdownMethod(),
                ShutdownRequest.newBuilder().setId("c1").build());
        assertThat(shutdowns.get()).isEqualTo(1);
    }

    private static Metrics parseMetrics(Any any) {
        try {
            return Metrics.parseFrom(any.getValue());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static ErrorKind kindOf(Runnable call) {
        return TaskTransport.kindOf(catchThrowable(call::run));
    }
}
