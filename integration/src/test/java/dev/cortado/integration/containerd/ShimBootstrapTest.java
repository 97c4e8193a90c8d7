package dev.cortado.integration.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.cortado.api.containerd.runtime.bootstrap.v1.BootstrapParams;
import dev.cortado.api.containerd.runtime.bootstrap.v1.BootstrapResult;
import dev.cortado.api.containerd.runtime.bootstrap.v1.Extension;
import dev.cortado.api.containerd.runtimeoptions.v1.Options;
import dev.cortado.api.containerd.services.events.ttrpc.v1.EventsGrpc;
import dev.cortado.api.containerd.services.events.ttrpc.v1.ForwardRequest;
import dev.cortado.api.containerd.task.v3.ConnectRequest;
import dev.cortado.api.containerd.task.v3.CreateTaskRequest;
import dev.cortado.api.containerd.task.v3.DeleteRequest;
import dev.cortado.api.containerd.task.v3.ShutdownRequest;
import dev.cortado.api.containerd.task.v3.StartRequest;
import dev.cortado.api.containerd.task.v3.TaskGrpc;
import dev.cortado.api.containerd.task.v3.WaitRequest;
import dev.cortado.api.containerd.types.Envelope;
import dev.cortado.transport.UnixGrpc;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcService;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.server.TtrpcServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shim as containerd 2.3+ drives it, without a containerd: {@code start} gets protobuf
 * BootstrapParams (namespace, containerd's ttrpc address for events, a {@code socket_dir}, and
 * the CRI plugin's runtimeoptions carrying {@code Protocol = "grpc"}), answers a BootstrapResult,
 * and a task runs to its exit code over the gRPC Task v3 socket in that directory, with its
 * events forwarded to the address from the params. Needs root, busybox-static and the shim built
 * by {@code mvn package}.
 */
class ShimBootstrapTest {
    @TempDir
    Path tmp;

    private Path shim;

    @BeforeEach
    void needs() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: namespaces, mounts, cgroups");
        assumeTrue(Files.isExecutable(BusyboxImage.BUSYBOX), "needs busybox-static");
        shim = ContainerdShimTest.shimScript();
        assumeTrue(Files.isExecutable(shim), "needs the shim script " + shim + " (mvn package builds it)");
    }

    private record Started(int code, byte[] stdout, String stderr) {}

    private Started start(Path bundle, BootstrapParams params) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                        shim.toString(),
                        "-namespace",
                        params.getNamespace(),
                        "-address",
                        "/run/none/containerd.sock",
                        "-publish-binary",
                        "/bin/false",
                        "-id",
                        bundle.getFileName().toString(),
                        "start")
                .directory(bundle.toFile());
        pb.environment().put("CORTADO_SHIM_ROOT", tmp.resolve("shimroot").toString());
        pb.environment().remove("TTRPC_ADDRESS");
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(params.toByteArray());
        }
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Started(p.exitValue(), out, err);
    }

    private static BootstrapParams params(String namespace, Path events, Path socketDir, String optionsToml) {
        Options options = Options.newBuilder()
                .setTypeUrl("io.containerd.cortado.v2.options")
                .setConfigBody(ByteString.copyFromUtf8(optionsToml))
                .build();
        return BootstrapParams.newBuilder()
                .setInstanceId("test")
                .setNamespace(namespace)
                .setContainerdVersion("2.3.0")
                .setContainerdTtrpcAddress(events.toString())
                .setSocketDir(socketDir.toString())
                .addExtensions(Extension.newBuilder()
                        .setValue(Any.newBuilder()
                                .setTypeUrl("runtimeoptions.v1.Options")
                                .setValue(options.toByteString())))
                .build();
    }

    @Test
    @SuppressWarnings("try") // the resource is held open for the body (or closed early on purpose)
    void containerd23_getsAGrpcSocketInItsSocketDir_andTheTaskRunsOverIt() throws Exception {
        List<Envelope> events = new CopyOnWriteArrayList<>();
        TtrpcMethod<ForwardRequest, Empty> forward = TtrpcMethod.of(EventsGrpc.getForwardMethod());
        Path eventsSocket = tmp.resolve("containerd.sock.ttrpc");
        Path socketDir = tmp.resolve("s");
        Path bundle = bundle("c23");
        try (TtrpcServer containerd = TtrpcServer.builder(TtrpcTransport.unixSocket(eventsSocket))
                .service(TtrpcService.builder(forward.service())
                        .unary(forward, (ctx, req) -> {
                            events.add(req.getEnvelope());
                            return Empty.getDefaultInstance();
                        })
                        .build())
                .build()
                .start()) {
            Started s = start(bundle, params("ns23", eventsSocket, socketDir, "Protocol = \"grpc\"\n"));
            assertThat(s.code()).as(s.stderr()).isZero();
            BootstrapResult result = BootstrapResult.parseFrom(s.stdout());
            // the first start dumped its class-data archive, and no JVM warning reached stdout
            try (var archives = Files.list(tmp.resolve("shimroot/cds"))) {
                assertThat(archives.map(p -> p.getFileName().toString()))
                        .singleElement()
                        .satisfies(n -> assertThat(n).startsWith("start-").endsWith("jsa"));
            }
            assertThat(result.getVersion()).isEqualTo(3);
            assertThat(result.getProtocol()).isEqualTo("grpc");
            assertThat(result.getAddress()).startsWith("unix://" + socketDir + "/");

            Path socket = Path.of(result.getAddress().substring("unix://".length()));
            UnixGrpc.Channel channel = UnixGrpc.channel(socket);
            long serverPid = 0;
            try {
                TaskGrpc.TaskBlockingStub task =
                        TaskGrpc.newBlockingStub(channel.managed()).withDeadlineAfter(60, TimeUnit.SECONDS);
                Path out = tmp.resolve("out.log");
                task.create(CreateTaskRequest.newBuilder()
                        .setId("c23")
                        .setBundle(bundle.toString())
                        .setStdout("file://" + out)
                        .setStderr("file://" + out)
                        .build());
                serverPid = task.connect(
                                ConnectRequest.newBuilder().setId("c23").build())
                        .getShimPid();
                task.start(StartRequest.newBuilder().setId("c23").build());
                assertThat(task.wait(WaitRequest.newBuilder().setId("c23").build())
                                .getExitStatus())
                        .isEqualTo(3);
                assertThat(task.delete(DeleteRequest.newBuilder().setId("c23").build())
                                .getExitStatus())
                        .isEqualTo(3);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> Files.readString(out).contains("hello over grpc"));
                task.shutdown(ShutdownRequest.newBuilder().setId("c23").build());
            } finally {
                channel.close();
                awaitGone(serverPid);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> events.size() >= 4);
            assertThat(events)
                    .extracting(Envelope::getTopic)
                    .containsExactly("/tasks/create", "/tasks/start", "/tasks/exit", "/tasks/delete");
            assertThat(events).extracting(Envelope::getNamespace).containsOnly("ns23");
        }
    }

    @Test
    void serverKilled_theNextStartReopensTheGrpcSocketInSocketDir_withTheTaskStillRunning() throws Exception {
        Path socketDir = tmp.resolve("s");
        Path bundle = bundle("k1", "exec /bin/busybox sleep 1000");
        Started s = start(bundle, params("nskill", tmp.resolve("none.sock"), socketDir, "Protocol = \"grpc\"\n"));
        assertThat(s.code()).as(s.stderr()).isZero();
        Path socket = Path.of(BootstrapResult.parseFrom(s.stdout()).getAddress().substring("unix://".length()));
        long firstServer = 0;
        long secondServer = 0;
        try {
            int pid;
            try (UnixGrpc.Channel channel = UnixGrpc.channel(socket)) {
                TaskGrpc.TaskBlockingStub task =
                        TaskGrpc.newBlockingStub(channel.managed()).withDeadlineAfter(60, TimeUnit.SECONDS);
                pid = task.create(CreateTaskRequest.newBuilder()
                                .setId("k1")
                                .setBundle(bundle.toString())
                                .build())
                        .getPid();
                task.start(StartRequest.newBuilder().setId("k1").build());
                firstServer = task.connect(
                                ConnectRequest.newBuilder().setId("k1").build())
                        .getShimPid();
            }
            ProcessHandle server = ProcessHandle.of(firstServer).orElseThrow();
            server.destroyForcibly(); // SIGKILL: the test's own child, by pid
            server.onExit().get(10, TimeUnit.SECONDS);

            Started again = start(bundle("k2", "true"), params("other", tmp.resolve("none.sock"), socketDir, ""));
            assertThat(again.code()).as(again.stderr()).isZero();

            try (UnixGrpc.Channel channel = UnixGrpc.channel(socket)) {
                TaskGrpc.TaskBlockingStub task =
                        TaskGrpc.newBlockingStub(channel.managed()).withDeadlineAfter(60, TimeUnit.SECONDS);
                var state = task.state(dev.cortado.api.containerd.task.v3.StateRequest.newBuilder()
                        .setId("k1")
                        .build());
                assertThat(state.getPid()).isEqualTo(pid);
                assertThat(state.getStatus()).isEqualTo(dev.cortado.api.containerd.v1.types.Status.RUNNING);
                secondServer = task.connect(
                                ConnectRequest.newBuilder().setId("k1").build())
                        .getShimPid();
                assertThat(secondServer).isNotEqualTo(firstServer);
                task.kill(dev.cortado.api.containerd.task.v3.KillRequest.newBuilder()
                        .setId("k1")
                        .setSignal(9)
                        .build());
                assertThat(task.wait(WaitRequest.newBuilder().setId("k1").build())
                                .getExitStatus())
                        .isEqualTo(137);
                task.delete(DeleteRequest.newBuilder().setId("k1").build());
                task.shutdown(ShutdownRequest.newBuilder().setId("k1").build());
            }
        } finally {
            awaitGone(secondServer);
        }
    }

    @Test
    void optionsOnlyRuncCouldHonour_failStartWithAClearMessage() throws Exception {
        Started s = start(
                bundle("bad"), params("nsbad", tmp.resolve("none.sock"), tmp.resolve("s"), "BinaryName = \"crun\"\n"));

        assertThat(s.code()).isNotZero();
        assertThat(s.stderr()).contains("BinaryName").contains("crun");
        assertThat(tmp.resolve("shimroot/ttrpc.sock")).doesNotExist();
    }

    /** Waits for the shim server to stop by itself after Shutdown; kills it (our own child) if it does not. */
    private static void awaitGone(long pid) {
        if (pid <= 0) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(p -> {
            try {
                p.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
                throw new AssertionError("shim server " + pid + " did not stop after Shutdown", e);
            }
        });
    }

    private Path bundle(String id) throws IOException {
        return bundle(id, "echo hello over grpc; exit 3");
    }

    private Path bundle(String id, String script) throws IOException {
        Path bundle = Files.createDirectories(tmp.resolve("bundles").resolve(id));
        Path rootfs = Files.createDirectories(bundle.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("bin"));
        Files.createDirectories(rootfs.resolve("proc"));
        Files.copy(BusyboxImage.BUSYBOX, rootfs.resolve("bin/busybox"));
        Files.writeString(bundle.resolve("config.json"), """
                {"ociVersion": "1.1.0",
                 "process": {"args": ["/bin/busybox", "sh", "-c", "%s"], "cwd": "/",
                             "env": ["PATH=/bin"], "user": {"uid": 0, "gid": 0}},
                 "root": {"path": "rootfs"},
                 "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"}],
                 "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "ipc"}, {"type": "uts"}],
                           "cgroupsPath": "/cortado-bootstrap-%s"}}
                """.formatted(script, UUID.randomUUID()));
        return bundle;
    }
}
