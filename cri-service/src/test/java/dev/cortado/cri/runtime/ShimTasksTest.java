package dev.cortado.cri.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Empty;
import dev.cortado.api.containerd.task.v3.CreateTaskResponse;
import dev.cortado.api.containerd.task.v3.DeleteResponse;
import dev.cortado.api.containerd.task.v3.TaskGrpc;
import dev.cortado.cri.config.ConfigLoader;
import dev.cortado.cri.linux.NativeFsOps;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcService;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.server.TtrpcServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ShimTasks} against a fake shim: a script for {@code start}/{@code delete} that names an
 * in-process ttrpc task v2 server, whose Create fails for ids starting with {@code bad}.
 */
class ShimTasksTest {
    private static final String V2 = "containerd.task.v2.Task";

    @TempDir
    Path dir;

    private TtrpcServer server;
    private ShimTasks tasks;
    private RuntimeHandlers handlers;
    private ShimLauncher launcher;
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Path socket = dir.resolve("shim.sock");
        TtrpcService service = TtrpcService.builder(V2)
                .unary(m(TaskGrpc.getCreateMethod()), (ctx, r) -> {
                    calls.add("create " + r.getId());
                    if (r.getId().startsWith("bad")) {
                        throw CortadoException.failedPrecondition("bad spec for %s", r.getId());
                    }
                    return CreateTaskResponse.newBuilder().setPid(77).build();
                })
                .unary(m(TaskGrpc.getDeleteMethod()), (ctx, r) -> {
                    calls.add("delete " + r.getId());
                    if (r.getId().startsWith("bad")) {
                        throw CortadoException.notFound("task %s not found", r.getId());
                    }
                    return DeleteResponse.newBuilder()
                            .setPid(77)
                            .setExitStatus(9)
                            .build();
                })
                .unary(m(TaskGrpc.getShutdownMethod()), (ctx, r) -> {
                    calls.add("shutdown " + r.getId());
                    if (Files.exists(dir.resolve(r.getId()).resolve(BootstrapFile.NAME))) {
                        calls.add("bootstrap kept at shutdown " + r.getId());
                    }
                    return Empty.getDefaultInstance();
                })
                .unary(m(TaskGrpc.getStateMethod()), (ctx, r) -> {
                    calls.add("state " + r.getId());
                    throw CortadoException.notFound("task %s not found", r.getId()); // as after a Delete
                })
                .build();
        server = TtrpcServer.builder(TtrpcTransport.unixSocket(socket))
                .service(service)
                .build()
                .start();
        Path shim = dir.resolve("containerd-shim-fake-v2");
        Files.writeString(shim, """
                #!/bin/sh
                case "$*" in
                  *start) echo "$*" >> %3$s; echo unix://%1$s ;;
                  *delete) echo "$*" >> %2$s ;;
                esac
                """.formatted(socket, dir.resolve("shim-deletes"), dir.resolve("shim-starts")));
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwx------"));
        handlers = new RuntimeHandlers(
                new ConfigLoader().parse("""
                [runtime.handlers.fake]
                runtime_type = "io.containerd.fake.v2"
                runtime_path = "%1$s"
                [runtime.handlers.warm]
                runtime_type = "io.containerd.cortado.v2"
                runtime_path = "%1$s"
                """.formatted(shim), "test").runtime(), "");
        launcher = new ShimLauncher(p -> new NativeFsOps().mknod(p, 'p', 0, 0), Duration.ofSeconds(20), Map.of());
        tasks = ShimTasks.open(
                handlers,
                launcher,
                dir.resolve("events.sock"),
                "ctr-tasks-unit",
                dir.resolve("cortado.sock").toString(),
                Duration.ofSeconds(5));
    }

    private static <Q, R> TtrpcMethod<Q, R> m(io.grpc.MethodDescriptor<Q, R> method) {
        return TtrpcMethod.of(method).withService(V2);
    }

    @AfterEach
    void tearDown() {
        if (tasks != null) {
            tasks.close();
        }
        server.close();
    }

    private CreateTask task(String id) throws Exception {
        return new CreateTask(id, Files.createDirectories(dir.resolve(id)), List.of(), Stdio.NONE, Optional.empty());
    }

    @Test
    void failedCreate_keepsTheShimsKind_andLeavesNothingBehind() throws Exception {
        CreateTask bad = task("bad-1");
        assertThatThrownBy(() -> tasks.create("fake", bad))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("bad spec for bad-1")
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.FAILED_PRECONDITION);

        assertThat(calls).containsExactly("create bad-1", "delete bad-1", "shutdown bad-1");
        assertThat(Files.readString(dir.resolve("shim-deletes"))).contains("-id bad-1 -bundle " + bad.bundle());
        assertThat(bad.bundle()).isEmptyDirectory(); // no bootstrap.json, no log fifo
        assertThat(tasks.shims.size()).isZero();
        synchronized (tasks.lock) {
            assertThat(tasks.tasks).isEmpty();
        }
        assertThatThrownBy(() -> tasks.state("bad-1", ""))
                .isInstanceOf(CortadoException.class)
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void create_recordsTheShim_andASecondCreateOfTheIdIsAlreadyExists() throws Exception {
        CreateTask ok = task("ok-1");
        assertThat(tasks.create("fake", ok)).isEqualTo(77);
        BootstrapFile recorded = BootstrapFile.read(ok.bundle());
        assertThat(recorded.handler()).isEqualTo("fake");
        assertThat(recorded.reply().socket()).isEqualTo(dir.resolve("shim.sock"));

        assertThatThrownBy(() -> tasks.create("fake", ok))
                .isInstanceOf(CortadoException.class)
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.ALREADY_EXISTS);

        assertThat(tasks.delete("ok-1", "").exitStatus()).isEqualTo(9);
        assertThat(calls)
                .containsExactly("create ok-1", "delete ok-1", "shutdown ok-1", "bootstrap kept at shutdown ok-1");
        assertThat(ok.bundle().resolve(BootstrapFile.NAME)).doesNotExist();
    }

    /**
     * cortado killed after the shim deleted a task but before it told the shim to shut down: the
     * bootstrap file is still there, so the restarted cortado finds the shim, sees no task in it and
     * shuts it down (it was left running with no task before).
     */
    @Test
    void recover_ofATaskTheShimNoLongerHas_shutsTheShimDown() throws Exception {
        CreateTask t = task("lost-1");
        tasks.create("fake", t);
        tasks.close(); // cortado goes away: its shims run on
        tasks = ShimTasks.open(
                handlers,
                launcher,
                dir.resolve("events2.sock"),
                "ctr-tasks-unit",
                dir.resolve("cortado.sock").toString(),
                Duration.ofSeconds(5));

        ProcessState state = tasks.recover("", "lost-1", t.bundle());

        assertThat(state.status()).isEqualTo(ProcessState.Status.STOPPED);
        assertThat(calls).containsSubsequence("create lost-1", "state lost-1", "shutdown lost-1");
        assertThat(tasks.shims.size()).isZero();
    }

    /**
     * cortado's own shim serves the whole node and stops only when no task is left and no client
     * is connected: after its last container the connection stays open (no Shutdown), so the next
     * Create finds the server up and joins it without another {@code <shim> start}; cortado
     * stopping shuts the idle server down.
     */
    @Test
    void cortadosShim_staysConnectedAfterItsLastTask_andIsShutDownWhenCortadoStops() throws Exception {
        CreateTask first = task("warm-1");
        tasks.create("warm", first);
        tasks.delete("warm-1", "");

        assertThat(calls).containsExactly("create warm-1", "delete warm-1");
        assertThat(tasks.shims.size()).isOne();
        assertThat(first.bundle()).isEmptyDirectory(); // its log fifo and bootstrap.json went with it

        tasks.create("warm", task("warm-2"));
        tasks.delete("warm-2", "");
        assertThat(calls).containsExactly("create warm-1", "delete warm-1", "create warm-2", "delete warm-2");
        assertThat(Files.readAllLines(dir.resolve("shim-starts"))).hasSize(1);

        tasks.close();
        tasks = null;
        assertThat(calls).endsWith("shutdown ");
    }

    @Test
    void counts_tellShimsAndTasksPerHandler_asTasksComeAndGo() throws Exception {
        assertThat(tasks.counts()).isEmpty();
        tasks.create("fake", task("ok-1"));
        tasks.create("fake", task("ok-2"));
        // the fake shim groups every task, as cortado's does: one shim, two tasks
        assertThat(tasks.counts()).containsExactly(new ShimCounts("fake", 1, 2));
        tasks.delete("ok-1", "");
        assertThat(tasks.counts()).containsExactly(new ShimCounts("fake", 1, 1));
        tasks.delete("ok-2", "");
        assertThat(tasks.counts()).isEmpty();
    }

    @Test
    void unknownContainer_isNotFound_forEveryCall() {
        for (Runnable call : List.<Runnable>of(
                () -> tasks.start("nope", ""),
                () -> tasks.kill("nope", "", 9, false),
                () -> tasks.state("nope", ""),
                () -> tasks.delete("nope", ""),
                () -> tasks.waitExit("nope", ""))) {
            assertThatThrownBy(call::run)
                    .isInstanceOf(CortadoException.class)
                    .hasMessageContaining("nope")
                    .extracting(e -> ((CortadoException) e).kind())
                    .isEqualTo(ErrorKind.NOT_FOUND);
        }
    }

    @Test
    void recoverWithoutARecord_isNotFound_andEventsSocketIsPrivate() throws Exception {
        assertThatThrownBy(() -> tasks.recover("fake", "gone", dir))
                .isInstanceOf(CortadoException.class)
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tasks.eventsSocket())))
                .isEqualTo("rw-------");
    }
}
