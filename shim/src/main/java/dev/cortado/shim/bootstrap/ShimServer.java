package dev.cortado.shim.bootstrap;

import dev.cortado.errors.ErrorInterceptor;
import dev.cortado.shim.events.EventRoutes;
import dev.cortado.shim.task.TaskRegistry;
import dev.cortado.shim.task.api.NamespaceInterceptor;
import dev.cortado.shim.task.api.TaskApiAdapter;
import dev.cortado.transport.UnixGrpc;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.grpc.GrpcServiceBridge;
import dev.cortado.ttrpc.server.TtrpcServer;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
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
    private final Server grpc;
    private final EventLoopGroup loops;
    private final NamespaceListeners namespaces;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private ShimServer(
            StateRoot root, TtrpcServer ttrpc, Server grpc, EventLoopGroup loops, NamespaceListeners namespaces) {
        this.root = root;
        this.namespaces = namespaces;
        this.ttrpc = ttrpc;
        this.grpc = grpc;
        this.loops = loops;
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
        EventLoopGroup loops = UnixGrpc.eventLoops(2);
        NamespaceListeners listeners =
                new NamespaceListeners(root, new EndpointServers(root, adapter, loops, relay), routes);
        listeners.reopen(namespaces, relay.isPresent());
        ServerServiceDefinition task = ServerInterceptors.intercept(adapter, new NamespaceInterceptor(""));
        ServerServiceDefinition info =
                ServerInterceptors.intercept(adapter.infoService(), new NamespaceInterceptor(""));
        // under a relay, it already holds ttrpc.sock (bound before this JVM ran)
        Path ttrpcSocket = relay.isPresent() ? RelayControl.backendOf(root, root.ttrpcSocket()) : root.ttrpcSocket();
        TtrpcServer ttrpc = TtrpcServer.builder(TtrpcTransport.unixSocket(ttrpcSocket))
                .service(listeners.adminService())
                .service(GrpcServiceBridge.toTtrpc(task))
                .service(GrpcServiceBridge.toTtrpc(info))
                .service(GrpcServiceBridge.toTtrpc(task, "containerd.task.v2.Task"))
                .build()
                .start();
        // under a relay, it holds grpc.sock too (asked below) and copies its connections here
        Path grpcSocket = relay.isPresent() ? RelayControl.backendOf(root, root.grpcSocket()) : root.grpcSocket();
        Files.deleteIfExists(grpcSocket);
        Server grpc = UnixGrpc.serverBuilder(grpcSocket, loops, loops)
                .addService(ServerInterceptors.intercept(task, new ErrorInterceptor()))
                .addService(ServerInterceptors.intercept(info, new ErrorInterceptor()))
                .build()
                .start();
        try {
            relay.ifPresent(r -> r.listenBytes(root.grpcSocket(), grpcSocket));
        } catch (RuntimeException e) {
            grpc.shutdownNow();
            ttrpc.shutdown(Duration.ZERO);
            listeners.close();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        LOG.info(
                "serving task v2/v3 over ttrpc on {} and task v3 over gRPC on {}",
                root.ttrpcSocket(),
                root.grpcSocket());
        return new ShimServer(root, ttrpc, grpc, loops, listeners);
    }

    /**
     * A shutdown policy: end the server if, 2 s after the request, no task is left and no client
     * is connected (a {@code start} for a new container may have just chosen this server).
     */
    public Runnable stopWhenIdle(TaskRegistry registry) {
        return () -> {
            long seen = namespaces.activity();
            Thread t = new Thread(
                    () -> {
                        try {
                            Thread.sleep(2000); // let the reply go out and containerd close its connection
                        } catch (InterruptedException e) {
                            return;
                        }
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
                    "shutdown");
            t.setDaemon(true);
            t.start();
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
        grpc.shutdown();
        try {
            grpc.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
