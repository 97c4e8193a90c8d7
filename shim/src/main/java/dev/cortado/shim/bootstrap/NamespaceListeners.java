package dev.cortado.shim.bootstrap;

import dev.cortado.api.cortado.shim.v1.ListenRequest;
import dev.cortado.api.cortado.shim.v1.ListenResponse;
import dev.cortado.api.cortado.shim.v1.StartRequest;
import dev.cortado.api.cortado.shim.v1.StartResponse;
import dev.cortado.errors.CortadoException;
import dev.cortado.shim.events.EventRoutes;
import dev.cortado.ttrpc.MethodType;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcService;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-namespace Task API sockets ({@link Endpoint}s), opened on demand: {@code start} asks
 * the running server through {@link #LISTEN} (service {@code cortado.shim.v1.Namespaces}), and
 * a restarted server reopens the saved endpoints of the namespaces whose tasks it re-adopted.
 */
final class NamespaceListeners implements AutoCloseable {
    /** Opens the endpoint if needed; answers its address. */
    static final TtrpcMethod<ListenRequest, ListenResponse> LISTEN = TtrpcMethod.of(
            "cortado.shim.v1.Namespaces", "Listen", MethodType.UNARY, ListenRequest.parser(), ListenResponse.parser());
    /** Answers a whole {@code start} (see {@link StartHandler}). */
    static final TtrpcMethod<StartRequest, StartResponse> START = TtrpcMethod.of(
            "cortado.shim.v1.Namespaces", "Start", MethodType.UNARY, StartRequest.parser(), StartResponse.parser());

    private final StateRoot root;
    private final EndpointServers servers;
    private final EventRoutes routes;
    private final EndpointStore store;
    // @GuardedBy("this"): by socket path
    private final Map<Path, EndpointServers.Listener> open = new HashMap<>();
    // @GuardedBy("this"): by socket path, the latest request for it
    private final Map<Path, Endpoint> endpoints = new LinkedHashMap<>();
    // @GuardedBy("this"): how many Listen calls were served; a shutdown waits for a quiet spell
    private long activity;
    // @GuardedBy("this"): set once the server decided to stop; Listen then refuses
    private boolean closing;

    NamespaceListeners(StateRoot root, EndpointServers servers, EventRoutes routes) {
        this.root = root;
        this.servers = servers;
        this.routes = routes;
        this.store = new EndpointStore(root);
    }

    /** The admin service that {@code start} calls. */
    TtrpcService adminService() {
        StartHandler starts = new StartHandler(this::listen);
        return TtrpcService.builder(LISTEN.service())
                .unary(
                        LISTEN,
                        (ctx, r) -> ListenResponse.newBuilder()
                                .setAddress(listen(Endpoint.of(r)))
                                .build())
                .unary(START, (ctx, r) -> starts.start(r))
                .build();
    }

    /**
     * Reopens the saved endpoints of {@code namespaces}, and a ttrpc one for those with none
     * saved; with {@code all}, every saved endpoint (under the relay, which kept their
     * connections open across a crash, whether or not their namespace has a task left).
     */
    synchronized void reopen(Set<String> namespaces, boolean all) {
        for (Endpoint e : store.load()) {
            if (all || namespaces.contains(e.namespace())) {
                open(e);
            }
        }
        namespaces.stream()
                .filter(ns ->
                        endpoints.values().stream().noneMatch(e -> e.namespace().equals(ns)))
                .forEach(ns -> open(Endpoint.ttrpc(ns)));
        store.save(List.copyOf(endpoints.values()));
    }

    /** Serves the endpoint's namespace on its socket; returns the address. */
    synchronized String listen(Endpoint endpoint) {
        if (closing) {
            // start retries: it waits for this server to go and spawns a new one
            throw CortadoException.unavailable("shim server is shutting down");
        }
        activity++;
        Path socket = endpoint.socket(root);
        if (open(endpoint)) {
            // every container's start comes here: the file is written only when it changes
            store.save(List.copyOf(endpoints.values()));
        }
        return "unix://" + socket;
    }

    /** Opens the endpoint's socket if needed; true when the saved endpoints changed. */
    private boolean open(Endpoint e) {
        Path socket = e.socket(root);
        if (!open.containsKey(socket)) {
            open.put(socket, servers.open(e, socket));
        }
        routes.route(e.namespace(), e.eventsAddress());
        return !e.equals(endpoints.put(socket, e));
    }

    /** The number of Listen calls served so far. */
    synchronized long activity() {
        return activity;
    }

    /**
     * Decides to stop, atomically with Listen: only if no {@code start} called Listen since
     * {@code seen} and {@code idle} still holds; from then on Listen refuses, and the saved
     * endpoints are forgotten (no task is left to reconnect to).
     */
    synchronized boolean closeIfQuiet(long seen, java.util.function.BooleanSupplier idle) {
        if (activity != seen || !idle.getAsBoolean()) {
            return false;
        }
        closing = true;
        store.clear();
        return true;
    }

    /** Open connections on every endpoint. */
    synchronized int connectionCount() {
        return open.values().stream()
                .mapToInt(EndpointServers.Listener::connections)
                .sum();
    }

    @Override
    public synchronized void close() {
        open.values().forEach(EndpointServers.Listener::close);
        open.clear();
    }
}
