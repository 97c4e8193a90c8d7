package dev.cortado.shim.bootstrap;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorInterceptor;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.task.api.NamespaceInterceptor;
import dev.cortado.shim.task.api.TaskApiAdapter;
import dev.cortado.transport.UnixGrpc;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.grpc.GrpcServiceBridge;
import dev.cortado.ttrpc.server.TtrpcServer;
import io.grpc.Attributes;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerTransportFilter;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens an {@link Endpoint}'s socket: ttrpc task v3 and v2, or gRPC task v3, for its namespace. */
final class EndpointServers {
    /** A serving socket. */
    interface Listener {
        /** Clients connected now. */
        int connections();

        void close();
    }

    private static final Logger LOG = LoggerFactory.getLogger(EndpointServers.class);

    private final StateRoot root;
    private final TaskApiAdapter adapter;
    private final EventLoopGroup loops;
    private final ExecutorService calls;
    private final Optional<RelayControl> relay;

    /**
     * @param loops the event loops every socket's connections run on, ttrpc and gRPC
     * @param calls the threads every call runs on ({@link CallThreads})
     */
    EndpointServers(
            StateRoot root,
            TaskApiAdapter adapter,
            EventLoopGroup loops,
            ExecutorService calls,
            Optional<RelayControl> relay) {
        this.root = root;
        this.adapter = adapter;
        this.loops = loops;
        this.calls = calls;
        this.relay = relay;
    }

    Listener open(Endpoint e, Path socket) {
        try {
            if (!e.socketDir().isEmpty()) {
                // containerd's directory: made if missing, never re-permissioned
                Files.createDirectories(
                        socket.getParent(),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            ServerServiceDefinition task =
                    ServerInterceptors.intercept(adapter, new NamespaceInterceptor(e.namespace()));
            ServerServiceDefinition info =
                    ServerInterceptors.intercept(adapter.infoService(), new NamespaceInterceptor(e.namespace()));
            Listener listener = switch (e.protocol()) {
                case TTRPC -> relayed(task, info, socket);
                case GRPC -> relayedGrpc(task, info, socket);
            };
            // only the owner (root, as containerd) may connect, wherever the directory is
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            return listener;
        } catch (IOException ex) {
            throw new CortadoException(ErrorKind.INTERNAL, "listen on " + socket, ex);
        }
    }

    /** A ttrpc endpoint: under the relay, served on its backend path and held by the relay. */
    private Listener relayed(ServerServiceDefinition task, ServerServiceDefinition info, Path socket) {
        if (relay.isEmpty()) {
            return ttrpc(task, info, socket);
        }
        Path backend = RelayControl.backendOf(root, socket);
        Listener listener = ttrpc(task, info, backend);
        try {
            relay.get().listen(socket, backend);
        } catch (CortadoException e) {
            listener.close();
            throw e;
        }
        return listener;
    }

    /**
     * A gRPC endpoint: under the relay, served on its backend path, its socket held by the relay
     * and its connections copied byte for byte. HTTP/2 keeps per-connection state only this JVM
     * has, so a crash closes them (calls in flight fail UNAVAILABLE; the client reconnects to
     * the same socket, where new connections wait for the restarted server).
     */
    Listener relayedGrpc(ServerServiceDefinition task, ServerServiceDefinition info, Path socket) throws IOException {
        if (relay.isEmpty()) {
            return grpc(task, info, socket);
        }
        Path backend = RelayControl.backendOf(root, socket);
        Listener listener = grpc(task, info, backend);
        boolean held;
        try {
            held = relay.get().listenBytes(socket, backend);
        } catch (CortadoException e) {
            listener.close();
            throw e;
        }
        if (held) {
            return listener;
        }
        // A relay from an older install, still running after the upgrade: it cannot hold the
        // socket, so this server does, as servers did before the relay held gRPC sockets. A
        // crash of this JVM then closes it until the relay's restarted server opens it again.
        listener.close();
        LOG.warn(
                "the shim relay predates gRPC sockets (listen-bytes): serving {} without it until the relay"
                        + " is restarted",
                socket);
        return grpc(task, info, socket);
    }

    private Listener ttrpc(ServerServiceDefinition task, ServerServiceDefinition info, Path socket) {
        TtrpcServer server = TtrpcServer.builder(TtrpcTransport.unixSocket(socket))
                .eventLoops(loops, loops)
                .handlerExecutor(calls)
                .service(GrpcServiceBridge.toTtrpc(task))
                .service(GrpcServiceBridge.toTtrpc(info))
                .service(GrpcServiceBridge.toTtrpc(task, "containerd.task.v2.Task"))
                .build()
                .start();
        return new Listener() {
            public int connections() {
                return server.connectionCount();
            }

            public void close() {
                server.shutdown(Duration.ofSeconds(1));
            }
        };
    }

    private Listener grpc(ServerServiceDefinition task, ServerServiceDefinition info, Path socket) throws IOException {
        AtomicInteger connections = new AtomicInteger();
        Files.deleteIfExists(socket);
        Server server = UnixGrpc.serverBuilder(socket, loops, loops)
                .executor(calls)
                .addTransportFilter(new ServerTransportFilter() {
                    @Override
                    public Attributes transportReady(Attributes attrs) {
                        connections.incrementAndGet();
                        return attrs;
                    }

                    @Override
                    public void transportTerminated(Attributes attrs) {
                        connections.decrementAndGet();
                    }
                })
                .addService(ServerInterceptors.intercept(task, new ErrorInterceptor()))
                .addService(ServerInterceptors.intercept(info, new ErrorInterceptor()))
                .build()
                .start();
        return new Listener() {
            public int connections() {
                return connections.get();
            }

            public void close() {
                server.shutdown();
                try {
                    server.awaitTermination(1, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
