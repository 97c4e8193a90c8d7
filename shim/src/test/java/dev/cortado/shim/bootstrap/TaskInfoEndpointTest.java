package dev.cortado.shim.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cortado.shim.v1.DroppedLimit;
import dev.cortado.api.cortado.shim.v1.TaskInfoRequest;
import dev.cortado.api.cortado.shim.v1.TaskInfoResponse;
import dev.cortado.api.cortado.shim.v1.TasksGrpc;
import dev.cortado.shim.io.StdioPaths;
import dev.cortado.shim.options.LimitPolicy;
import dev.cortado.shim.options.ShimOptions;
import dev.cortado.shim.task.CreateTask;
import dev.cortado.shim.task.TaskFixture;
import dev.cortado.shim.task.TaskKey;
import dev.cortado.shim.task.api.TaskApiAdapter;
import dev.cortado.transport.UnixGrpc;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.client.CallOptions;
import dev.cortado.ttrpc.client.TtrpcClient;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cortado.shim.v1.Tasks/Info} on a namespace's endpoint, ttrpc and gRPC: the dropped limits of a "warn" task. */
class TaskInfoEndpointTest {
    private static final dev.cortado.cgroups.controller.DroppedLimit WEIGHT =
            new dev.cortado.cgroups.controller.DroppedLimit(
                    "cpu", "cpu.weight", "1", "the cgroup v2 cpu controller is not available in cgroup mode hybrid");
    private static final TaskInfoResponse EXPECTED = TaskInfoResponse.newBuilder()
            .setUnenforceableLimits("warn")
            .addDroppedLimits(DroppedLimit.newBuilder()
                    .setController("cpu")
                    .setFile("cpu.weight")
                    .setValue("1")
                    .setReason(WEIGHT.reason()))
            .build();

    @TempDir
    Path tmp;

    private EventLoopGroup loops;
    private EndpointServers.Listener listener;

    @BeforeEach
    void setUp() throws Exception {
        TaskFixture f = new TaskFixture(tmp);
        f.processes.dropOnCreate = List.of(WEIGHT);
        f.service.create(new CreateTask(
                new TaskKey("ns1", "c1"),
                f.bundle,
                List.of(),
                StdioPaths.none(),
                new ShimOptions(0, 0, "", false, false, ShimOptions.Protocol.TTRPC, Optional.of(LimitPolicy.WARN))));
        loops = UnixGrpc.eventLoops(1);
        TaskApiAdapter adapter = new TaskApiAdapter(f.service, f.operations, f.resources, () -> {});
        calls = java.util.concurrent.Executors.newCachedThreadPool();
        servers = new EndpointServers(new StateRoot(tmp), adapter, loops, calls, Optional.empty());
    }

    private EndpointServers servers;
    private java.util.concurrent.ExecutorService calls;

    @AfterEach
    void tearDown() {
        if (listener != null) {
            listener.close();
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        calls.shutdownNow();
    }

    @Test
    void ttrpcEndpoint_answersForItsNamespace() {
        Path socket = tmp.resolve("n.sock");
        listener = servers.open(Endpoint.ttrpc("ns1"), socket);
        try (TtrpcClient client = TtrpcClient.connect(TtrpcTransport.unixSocket(socket))) {
            TaskInfoResponse r = client.unary(
                    TtrpcMethod.of(TasksGrpc.getInfoMethod()),
                    TaskInfoRequest.newBuilder().setId("c1").build(),
                    CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(10)));
            assertThat(r).isEqualTo(EXPECTED);
        }
    }

    @Test
    void grpcEndpoint_answersForItsNamespace() throws Exception {
        Path socket = tmp.resolve("g.sock");
        listener = servers.open(new Endpoint("ns1", ShimOptions.Protocol.GRPC, "", ""), socket);
        try (UnixGrpc.Channel channel = UnixGrpc.channel(socket)) {
            assertThat(TasksGrpc.newBlockingStub(channel.managed())
                            .withDeadlineAfter(10, TimeUnit.SECONDS)
                            .info(TaskInfoRequest.newBuilder().setId("c1").build()))
                    .isEqualTo(EXPECTED);
        }
    }
}
