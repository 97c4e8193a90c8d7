package dev.cortado.cri.runtime;

import com.google.protobuf.Empty;
import dev.cortado.api.containerd.services.events.ttrpc.v1.EventsGrpc;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcService;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.server.TtrpcServer;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cortado's own {@code TTRPC_ADDRESS}: a ttrpc server on a unix socket serving
 * {@code containerd.services.events.ttrpc.v1.Events/Forward}, where shims send their task
 * events ({@code pkg/shim/publisher.go}). A shim forwards one event at a time and waits for the
 * answer, so handing each to the {@link EventDispatcher} before answering keeps its order.
 */
public final class EventsEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventsEndpoint.class);
    private final Path socket;
    private final TtrpcServer server;

    private EventsEndpoint(Path socket, TtrpcServer server) {
        this.socket = socket;
        this.server = server;
    }

    /** Listens on {@code socket} (a stale socket file is replaced) and publishes to {@code events}. */
    public static EventsEndpoint start(Path socket, EventDispatcher<TaskEvent> events) {
        TtrpcService service = TtrpcService.builder(EventsGrpc.SERVICE_NAME)
                .unary(TtrpcMethod.of(EventsGrpc.getForwardMethod()), (ctx, request) -> {
                    EventDecoder.decode(request.getEnvelope())
                            .ifPresentOrElse(
                                    events::publish,
                                    () -> LOG.debug(
                                            "ignoring event {} on {}",
                                            request.getEnvelope().getEvent().getTypeUrl(),
                                            request.getEnvelope().getTopic()));
                    return Empty.getDefaultInstance();
                })
                .build();
        TtrpcServer server = TtrpcServer.builder(TtrpcTransport.unixSocket(socket))
                .service(service)
                .build()
                .start();
        return new EventsEndpoint(socket, server);
    }

    /** The socket, given to shims as {@code TTRPC_ADDRESS}. */
    public Path socket() {
        return socket;
    }

    @Override
    public void close() {
        server.shutdown(Duration.ofSeconds(2));
    }
}
