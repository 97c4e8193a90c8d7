package dev.cortado.shim.bootstrap;

import dev.cortado.shim.events.EventRoutes;
import dev.cortado.shim.task.TaskRegistry;
import dev.cortado.shim.task.api.NamespaceInterceptor;
import dev.cortado.shim.task.api.TaskApiAdapter;
import dev.cortado.transport.UnixGrpc;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.grpc.GrpcServiceBridge;
import dev.cortado.ttrpc.server.TtrpcServer;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one Task API implementation three ways: ttrpc {@code containerd.task.v3.Task} and
 * {@code containerd.task.v2.Task} (wire-identical messages) on {@code ttrpc.sock}, and gRPC
 * {@code containerd.task.v3.Task} on {@code grpc.sock}. Ends when stopped (Shutdown with no
 * task left).
 */
public final class ShimServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShimServer.class);

    private final StateRoot root;
    private final TtrpcServer ttrpc;
    private final EndpointServers.Listener grpc;
    private final EventLoopGroup loops;
    private final ExecutorService calls;
    private final NamespaceListeners namespaces;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private ShimServer(
            StateRoot root,
            TtrpcServer ttrpc,
            EndpointServers.Listener grpc,
            EventLoopGroup loops,
            ExecutorService calls,
            NamespaceListeners namespaces) {
        this.root = root;
        this.namespaces = namespaces;
        this.ttrpc = ttrpc;
        this.grpc = grpc;
        this.loops = loops;
        this.calls = calls;
    }

    /**
     * Binds the sockets (and reopens the endpoints of {@code namespaces}, those of re-adopted
     * tasks) and starts serving {@code adapter}; {@code routes} learns where each namespace's
     * events go.
     */
    public static ShimServer start(
            StateRoot root, TaskApiAdapter adapter, java.util.Set<String> namespaces, EventRoutes routes)
            throws IOException {
        return start(root, adapter, namespaces, routes, java.util.Optional.empty());
    }

    /**
     * As above, under the shim relay when {@code relay} is present: the relay holds the public
     * ttrpc sockets and this server serves their backends (see {@link RelayControl}).
     */
    static ShimServer start(
            StateRoot root,
            TaskApiAdapter adapter,
            java.util.Set<String> namespaces,
            EventRoutes routes,
            java.util.Optional<RelayControl> relay)
            throws IOException {
        root.create();
        // one set of threads for every socket: two event loops, and a bounded pool for the calls
        EventLoopGroup loops = UnixGrpc.eventLoops(2);
        ExecutorService calls = CallThreads.open();
        EndpointServers servers = new EndpointServers(root, adapter, loops, calls, relay);
        NamespaceListeners listeners = new NamespaceListeners(root, servers, routes);
        TtrpcServer ttrpc = null;
        try {
            listeners.reopen(namespaces, relay.isPresent());
            ServerServiceDefinition task = ServerInterceptors.intercept(adapter, new NamespaceInterceptor(""));
            ServerServiceDefinition info =
                    ServerInterceptors.intercept(adapter.infoService(), new NamespaceInterceptor(""));
            // under a relay, it already holds ttrpc.sock (bound before this JVM ran)
            Path ttrpcSocket =
                    relay.isPresent() ? RelayControl.backendOf(root, root.ttrpcSocket()) : root.ttrpcSocket();
            ttrpc = TtrpcServer.builder(TtrpcTransport.unixSocket(ttrpcSocket))
                    .eventLoops(loops, loops)
                    .handlerExecutor(calls)
                    .service(listeners.adminService())
                    .service(GrpcServiceBridge.toTtrpc(task))
                    .service(GrpcServiceBridge.toTtrpc(info))
                    .service(GrpcServiceBridge.toTtrpc(task, "containerd.task.v2.Task"))
                    .build()
                    .start();
            // under a relay, it holds grpc.sock too and copies its connections to the backend
            EndpointServers.Listener grpc = servers.relayedGrpc(task, info, root.grpcSocket());
            LOG.info(
                    "serving task v2/v3 over ttrpc on {} and task v3 over gRPC on {}",
                    root.ttrpcSocket(),
                    root.grpcSocket());
            return new ShimServer(root, ttrpc, grpc, loops, calls, listeners);
        } catch (RuntimeException | IOException e) {
            if (ttrpc != null) {
                ttrpc.shutdown(Duration.ZERO);
            }
            listeners.close();
            calls.shutdownNow();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * A shutdown policy: end the server if, 2 s after the request, no task is left and no client
     * is connected (a {@code start} for a new container may have just chosen this server).
     */
    public Runnable stopWhenIdle(TaskRegistry registry) {
        return () -> {
            long seen = namespaces.activity();
            // containerd sends one after each task's delete: a timer on the event loop, no thread each
            loops.schedule(
                    () -> {
                        // A start that chose this server in the meantime keeps it alive; one that comes
                        // after the decision is refused and starts a new server.
                        if (namespaces.closeIfQuiet(
                                seen,
                                () -> registry.isEmpty()
                                        && namespaces.connectionCount() + ttrpc.connectionCount() == 0)) {
                            LOG.info("shutdown requested and no task left: stopping");
                            stopped.countDown();
                        }
                    },
                    2,
                    TimeUnit.SECONDS); // let the reply go out and containerd close its connection
        };
    }

    /** Blocks until the server should stop. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(root.dir().resolve("ready"));
        } catch (IOException e) {
            LOG.debug("remove ready marker: {}", e.toString());
        }
        ttrpc.shutdown(Duration.ofSeconds(1));
        namespaces.close();
        grpc.close();
        calls.shutdown();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
