package dev.cortado.shim.bootstrap;

import com.google.protobuf.StringValue;
import dev.cortado.errors.CortadoException;
import dev.cortado.shim.task.api.NamespaceInterceptor;
import dev.cortado.shim.task.api.TaskApiAdapter;
import dev.cortado.ttrpc.MethodType;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcService;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.grpc.GrpcServiceBridge;
import dev.cortado.ttrpc.server.TtrpcServer;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One ttrpc socket per containerd namespace, opened on demand: {@code start} asks the running
 * server through {@link #LISTEN} (service {@code cortado.shim.v1.Namespaces}), and a restarted
 * server reopens the sockets of the namespaces of the tasks it re-adopted.
 */
final class NamespaceListeners implements AutoCloseable {
    /** Opens the namespace's socket if needed; answers its address. */
    static final TtrpcMethod<StringValue, StringValue> LISTEN = TtrpcMethod.of("cortado.shim.v1.Namespaces", "Listen",
            MethodType.UNARY, StringValue.parser(), StringValue.parser());

    private final StateRoot root;
    private final TaskApiAdapter adapter;
    // @GuardedBy("this")
    private final Map<String, TtrpcServer> servers = new HashMap<>();
    // @GuardedBy("this"): how many Listen calls were served; a shutdown waits for a quiet spell
    private long activity;
    // @GuardedBy("this"): set once the server decided to stop; Listen then refuses
    private boolean closing;

    NamespaceListeners(StateRoot root, TaskApiAdapter adapter) {
        this.root = root;
        this.adapter = adapter;
    }

    /** The admin service that {@code start} calls. */
    TtrpcService adminService() {
        return TtrpcService.builder(LISTEN.service())
                .unary(LISTEN, (ctx, ns) -> StringValue.of(listen(ns.getValue())))
                .build();
    }

    /** Serves task v2 and v3 for {@code namespace} on its own socket; returns the address. */
    synchronized String listen(String namespace) {
        if (closing) {
            // start retries: it waits for this server to go and spawns a new one
            throw CortadoException.unavailable("shim server is shutting down");
        }
        activity++;
        if (!servers.containsKey(namespace)) {
            ServerServiceDefinition task = ServerInterceptors.intercept(adapter, new NamespaceInterceptor(namespace));
            servers.put(namespace, TtrpcServer.builder(TtrpcTransport.unixSocket(root.namespaceSocket(namespace)))
                    .service(GrpcServiceBridge.toTtrpc(task))
                    .service(GrpcServiceBridge.toTtrpc(task, "containerd.task.v2.Task"))
                    .build().start());
        }
        return "unix://" + root.namespaceSocket(namespace);
    }

    /** The number of Listen calls served so far. */
    synchronized long activity() {
        return activity;
    }

    /**
     * Decides to stop, atomically with Listen: only if no {@code start} called Listen since
     * {@code seen} and {@code idle} still holds; from then on Listen refuses.
     */
    synchronized boolean closeIfQuiet(long seen, java.util.function.BooleanSupplier idle) {
        if (activity != seen || !idle.getAsBoolean()) {
            return false;
        }
        closing = true;
        return true;
    }

    /** Open connections on every namespace socket. */
    synchronized int connectionCount() {
        return servers.values().stream().mapToInt(TtrpcServer::connectionCount).sum();
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(s -> s.shutdown(Duration.ofSeconds(1)));
        servers.clear();
    }
}
