package dev.cortado.cri.grpc;

import dev.cortado.api.cri.v1.RuntimeServiceGrpc;
import dev.cortado.cri.network.CniConfigLoader;
import dev.cortado.cri.network.NetworkReadiness;
import dev.cortado.cri.runtime.HandlerFeatures;
import dev.cortado.cri.sandbox.Sandbox;
import dev.cortado.cri.status.RuntimeConditions;
import dev.cortado.cri.status.RuntimeVersion;
import dev.cortado.transport.UnixGrpc;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The CRI server as the daemon runs it (unix socket, error interceptor), with the container RPCs
 * over {@link FakeContainers}, and a client channel to it.
 */
final class CriHarness implements AutoCloseable {
    final FakeContainers containers = new FakeContainers();
    final ExecutorService executor = Executors.newFixedThreadPool(2);
    final ContainerEventFanout events;
    private final CriServer server;
    private final UnixGrpc.Channel channel;

    CriHarness(Path dir, Function<String, Sandbox> pods, int queue) throws IOException {
        this(dir, pods, queue, true);
    }

    CriHarness(Path dir, Function<String, Sandbox> pods, int queue, boolean withContainers) throws IOException {
        events = ContainerEventFanout.start(containers, pods, executor, queue);
        CriRuntimeParts rpcs = withContainers
                ? CriRuntimeParts.none().withContainers(new CriContainers(containers, events))
                : CriRuntimeParts.none();
        CriRuntimeService runtime = new CriRuntimeService(
                RuntimeVersion.current(),
                new CriStatus(
                        new RuntimeConditions(List.of(), new NetworkReadiness(dir, List.of(), new CniConfigLoader())),
                        "cortado",
                        Map.of("cortado", HandlerFeatures.NONE),
                        Map::of),
                new CriPodSandboxes(null, Clock.systemUTC()), // no pod RPC is called here
                rpcs);
        Path socket = dir.resolve("cri.sock");
        server = new CriServer(socket, 16 << 20, List.of(runtime)).start();
        channel = UnixGrpc.channel(socket);
    }

    RuntimeServiceGrpc.RuntimeServiceBlockingStub blocking() {
        return RuntimeServiceGrpc.newBlockingStub(channel.managed()).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    RuntimeServiceGrpc.RuntimeServiceStub async() {
        return RuntimeServiceGrpc.newStub(channel.managed());
    }

    /** As the daemon must: streams end before the server waits for calls to finish. */
    @Override
    public void close() {
        events.close();
        channel.close();
        server.close();
        executor.shutdownNow();
    }
}
