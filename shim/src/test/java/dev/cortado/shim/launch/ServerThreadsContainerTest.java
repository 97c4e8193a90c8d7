package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.containerd.task.v3.CreateTaskRequest;
import dev.cortado.api.containerd.task.v3.DeleteRequest;
import dev.cortado.api.containerd.task.v3.KillRequest;
import dev.cortado.api.containerd.task.v3.StartRequest;
import dev.cortado.api.containerd.task.v3.StateRequest;
import dev.cortado.api.containerd.task.v3.TaskGrpc;
import dev.cortado.api.containerd.task.v3.WaitRequest;
import dev.cortado.api.containerd.task.v3.WaitResponse;
import dev.cortado.shim.bootstrap.ShimServer;
import dev.cortado.shim.bootstrap.StateRoot;
import dev.cortado.shim.events.EventRoutes;
import dev.cortado.shim.events.EventSink;
import dev.cortado.shim.task.api.TaskApiAdapter;
import dev.cortado.transport.UnixGrpc;
import dev.cortado.ttrpc.Metadata;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.client.CallOptions;
import dev.cortado.ttrpc.client.TtrpcClient;
import io.grpc.ClientInterceptors;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Privileged: the server as containerd uses it, a Task.Wait held open for every running task
 * (containerd's CRI plugin waits on each container it starts), over ttrpc and gRPC. The server's
 * threads do not grow with its tasks: 2 tasks or 20, the same threads.
 */
class ServerThreadsContainerTest extends PrivilegedLauncherFixture {
    private static final String NS = "threads-test";
    /** {@code CallThreads.MAX}: the bound of the server's call pool. */
    private static final int CALL_THREADS = 8;

    private RealTaskService tasks;
    private ShimServer server;
    private TtrpcClient ttrpc;
    private UnixGrpc.Channel grpc;
    private final List<Future<WaitResponse>> waits = new ArrayList<>();

    @BeforeEach
    void serve() throws Exception {
        tasks = new RealTaskService(containers, tmp);
        TaskApiAdapter adapter = new TaskApiAdapter(tasks.service, tasks.operations, tasks.resources, () -> {});
        StateRoot root = new StateRoot(tmp.resolve("s"));
        server = ShimServer.start(
                root, adapter, Set.of(), new EventRoutes(EventSink.discarding(), a -> EventSink.discarding()));
        ttrpc = TtrpcClient.connect(TtrpcTransport.unixSocket(root.ttrpcSocket()));
        grpc = UnixGrpc.channel(root.grpcSocket());
    }

    @AfterEach
    void stop() {
        if (ttrpc != null) {
            ttrpc.close();
        }
        if (grpc != null) {
            grpc.close();
        }
        if (server != null) {
            server.close();
        }
        tasks.close();
    }

    @Test
    void twentyTasksEachWithAWaitInFlight_addNoThreadToTheServer_andEveryWaitGetsItsExit() throws Exception {
        for (int i = 0; i < 2; i++) {
            runWithWait(i);
        }
        for (int i = 0; i < 2 * CALL_THREADS; i++) {
            state(i % 2); // the call pool is at its bound before counting
        }
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        for (int i = 2; i < 20; i++) {
            runWithWait(i);
        }

        List<String> started = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t))
                .map(Thread::getName)
                .toList();
        long callThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("shim-call-"))
                .count();
        System.out.printf(
                "threads with 2 tasks: %d; started for 18 more, each with a Wait in flight: %s%n",
                before.size(), started);
        assertThat(started).noneMatch(n -> n.startsWith("ttrpc-handler") || n.startsWith("grpc-default-executor"));
        assertThat(started).hasSizeLessThanOrEqualTo(1); // a JDK thread that may start late (e.g. a cleaner)
        assertThat(callThreads).isLessThanOrEqualTo(CALL_THREADS);

        for (int i = 0; i < 20; i++) {
            ttrpc(
                    TaskGrpc.getKillMethod(),
                    KillRequest.newBuilder().setId(id(i)).setSignal(9).build());
        }
        for (int i = 0; i < 20; i++) {
            assertThat(waits.get(i).get(60, TimeUnit.SECONDS).getExitStatus())
                    .as("wait of %s (over %s)", id(i), i % 2 == 0 ? "ttrpc" : "grpc")
                    .isEqualTo(137);
            ttrpc(
                    TaskGrpc.getDeleteMethod(),
                    DeleteRequest.newBuilder().setId(id(i)).build());
        }
    }

    /** Create and Start over ttrpc, then a Wait left in flight: over ttrpc for even i, gRPC for odd. */
    private void runWithWait(int i) throws Exception {
        Path bundle = Files.createDirectories(tmp.resolve("bundle-" + id(i)));
        Files.write(
                bundle.resolve("config.json"),
                JsonMapper.builder().build().writeValueAsBytes(containers.inCgroup(shell("exec sleep 1000"))));
        ttrpc(
                TaskGrpc.getCreateMethod(),
                CreateTaskRequest.newBuilder()
                        .setId(id(i))
                        .setBundle(bundle.toString())
                        .build());
        ttrpc(TaskGrpc.getStartMethod(), StartRequest.newBuilder().setId(id(i)).build());
        WaitRequest wait = WaitRequest.newBuilder().setId(id(i)).build();
        waits.add(
                i % 2 == 0
                        ? ttrpc.unaryAsync(TtrpcMethod.of(TaskGrpc.getWaitMethod()), wait, options())
                        : ClientCalls.futureUnaryCall(
                                ClientInterceptors.intercept(grpc.managed(), namespaceHeader())
                                        .newCall(TaskGrpc.getWaitMethod(), grpcOptions()),
                                wait));
    }

    private void state(int i) {
        ttrpc(TaskGrpc.getStateMethod(), StateRequest.newBuilder().setId(id(i)).build());
        ClientCalls.blockingUnaryCall(
                ClientInterceptors.intercept(grpc.managed(), namespaceHeader()),
                TaskGrpc.getStateMethod(),
                grpcOptions().withDeadlineAfter(30, TimeUnit.SECONDS),
                StateRequest.newBuilder().setId(id(i)).build());
    }

    private <Q, R> R ttrpc(MethodDescriptor<Q, R> method, Q request) {
        return ttrpc.unary(TtrpcMethod.of(method), request, options().withTimeout(Duration.ofSeconds(60)));
    }

    private static CallOptions options() {
        return CallOptions.DEFAULT.withMetadata(Metadata.of(Map.of("containerd-namespace-ttrpc", NS)));
    }

    /** Answers on the network thread: no client-side executor thread to tell from the server's. */
    private static io.grpc.CallOptions grpcOptions() {
        return io.grpc.CallOptions.DEFAULT.withExecutor(Runnable::run);
    }

    private static io.grpc.ClientInterceptor namespaceHeader() {
        io.grpc.Metadata headers = new io.grpc.Metadata();
        headers.put(io.grpc.Metadata.Key.of("containerd-namespace", io.grpc.Metadata.ASCII_STRING_MARSHALLER), NS);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    private static String id(int i) {
        return "t" + i;
    }
}
