package dev.cortado.cri.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import dev.cortado.api.containerd.task.v3.CreateTaskRequest;
import dev.cortado.api.containerd.task.v3.CreateTaskResponse;
import dev.cortado.api.containerd.task.v3.StateResponse;
import dev.cortado.api.containerd.task.v3.TaskGrpc;
import dev.cortado.api.containerd.task.v3.WaitResponse;
import dev.cortado.api.containerd.v1.types.Status;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcService;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.server.TtrpcServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a fake shim serving ttrpc {@code containerd.task.v2.Task} on a unix socket. */
class TaskClientTest {
    private static final String V2 = "containerd.task.v2.Task";
    private static final String V3 = "containerd.task.v3.Task";

    @TempDir
    Path dir;

    private TtrpcServer server;
    private final List<String> namespaces = new CopyOnWriteArrayList<>();
    private final List<CreateTaskRequest> creates = new CopyOnWriteArrayList<>();

    private TaskClient startShim() {
        return startShim(V2, 2);
    }

    private TaskClient startShim(String name, int version) {
        TtrpcService service = TtrpcService.builder(name)
                .unary(m(TaskGrpc.getCreateMethod(), name), (ctx, r) -> {
                    namespaces.add(
                            ctx.metadata().get("containerd-namespace-ttrpc").orElse(""));
                    creates.add(r);
                    return CreateTaskResponse.newBuilder().setPid(4242).build();
                })
                .unary(
                        m(TaskGrpc.getStateMethod(), name),
                        (ctx, r) -> StateResponse.newBuilder()
                                .setId(r.getId())
                                .setPid(4242)
                                .setStatus(Status.STOPPED)
                                .setExitStatus(137)
                                .setStdout("/fifo/out")
                                .setExitedAt(
                                        Timestamp.newBuilder().setSeconds(100).setNanos(5))
                                .build())
                .unary(m(TaskGrpc.getKillMethod(), name), (ctx, r) -> {
                    throw CortadoException.notFound("process %s not found", r.getExecId());
                })
                .unary(
                        m(TaskGrpc.getWaitMethod(), name),
                        (ctx, r) -> WaitResponse.newBuilder()
                                .setExitStatus(3)
                                .setExitedAt(Timestamp.newBuilder().setSeconds(7))
                                .build())
                .unary(m(TaskGrpc.getShutdownMethod(), name), (ctx, r) -> Empty.getDefaultInstance())
                .build();
        Path socket = dir.resolve("shim.sock");
        server = TtrpcServer.builder(TtrpcTransport.unixSocket(socket))
                .service(service)
                .build()
                .start();
        return TaskClient.connect(
                new BootstrapReply(version, socket, BootstrapReply.Protocol.TTRPC), "k8s.io", Duration.ofSeconds(5));
    }

    private static <Q, R> TtrpcMethod<Q, R> m(io.grpc.MethodDescriptor<Q, R> method, String service) {
        return TtrpcMethod.of(method).withService(service);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void create_sendsOurRecordAsTheTaskRequest_withTheNamespace() {
        try (TaskClient client = startShim()) {
            int pid = client.create(new CreateTask(
                    "c1",
                    Path.of("/b/c1"),
                    List.of(new RootfsMount("overlay", "overlay", List.of("lowerdir=/l", "upperdir=/u"))),
                    new Stdio("", "/fifo/out", "file:///log", false),
                    Optional.of(new TypedValue("runtimeoptions.v1.Options", new byte[] {1}))));
            assertThat(pid).isEqualTo(4242);
        }
        CreateTaskRequest sent = creates.get(0);
        assertThat(sent.getId()).isEqualTo("c1");
        assertThat(sent.getBundle()).isEqualTo("/b/c1");
        assertThat(sent.getRootfs(0).getType()).isEqualTo("overlay");
        assertThat(sent.getRootfs(0).getOptionsList()).containsExactly("lowerdir=/l", "upperdir=/u");
        assertThat(sent.getStdout()).isEqualTo("/fifo/out");
        assertThat(sent.getStderr()).isEqualTo("file:///log");
        assertThat(sent.getOptions().getTypeUrl()).isEqualTo("runtimeoptions.v1.Options");
        assertThat(namespaces).containsExactly("k8s.io");
    }

    @Test
    void state_becomesOurRecord() {
        try (TaskClient client = startShim()) {
            ProcessState s = client.state("c1", "");
            assertThat(s.status()).isEqualTo(ProcessState.Status.STOPPED);
            assertThat(s.exitStatus()).isEqualTo(137);
            assertThat(s.pid()).isEqualTo(4242);
            assertThat(s.stdio().stdout()).isEqualTo("/fifo/out");
            assertThat(s.exitedAt()).isEqualTo(Instant.ofEpochSecond(100, 5));
        }
    }

    @Test
    void shimError_keepsItsKind_andNamesTheCall() {
        try (TaskClient client = startShim()) {
            assertThatThrownBy(() -> client.kill("c1", "e1", 9, false))
                    .isInstanceOf(CortadoException.class)
                    .hasMessageContaining("Kill")
                    .hasMessageContaining("process e1 not found")
                    .extracting(e -> ((CortadoException) e).kind())
                    .isEqualTo(ErrorKind.NOT_FOUND);
        }
    }

    @Test
    void unimplementedCall_isUnimplemented() {
        try (TaskClient client = startShim()) {
            assertThatThrownBy(() -> client.pause("c1"))
                    .isInstanceOf(CortadoException.class)
                    .extracting(e -> ((CortadoException) e).kind())
                    .isEqualTo(ErrorKind.UNIMPLEMENTED);
        }
    }

    @Test
    void version3Reply_speaksTaskV3OverTtrpc() {
        try (TaskClient client = startShim(V3, 3)) {
            assertThat(client.state("c1", "").exitStatus()).isEqualTo(137);
        }
    }

    @Test
    void version3Shim_isNotCalledAsV2() {
        try (TaskClient client = startShim(V3, 2)) {
            assertThatThrownBy(() -> client.state("c1", ""))
                    .isInstanceOf(CortadoException.class)
                    .extracting(e -> ((CortadoException) e).kind())
                    .isEqualTo(ErrorKind.UNIMPLEMENTED);
        }
    }

    @Test
    void wait_returnsTheExit() {
        try (TaskClient client = startShim()) {
            assertThat(client.waitExit("c1", "")).isEqualTo(new ExitResult(0, 3, Instant.ofEpochSecond(7)));
        }
    }

    @Test
    void lostShim_isUnavailable() {
        TaskClient client = startShim();
        server.close();
        server = null;
        assertThatThrownBy(() -> client.state("c1", ""))
                .isInstanceOf(CortadoException.class)
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.UNAVAILABLE);
        client.close();
    }

    @Test
    void nobodyListening_isUnavailable() {
        assertThatThrownBy(() -> TaskClient.connect(
                        new BootstrapReply(2, dir.resolve("none.sock"), BootstrapReply.Protocol.TTRPC),
                        "k8s.io",
                        Duration.ofSeconds(1)))
                .isInstanceOf(CortadoException.class)
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.UNAVAILABLE);
    }
}
