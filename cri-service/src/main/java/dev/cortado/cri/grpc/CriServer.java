package dev.cortado.cri.grpc;

import dev.cortado.errors.ErrorInterceptor;
import dev.cortado.transport.UnixGrpc;
import dev.cortado.transport.UnixSocketBinding;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CRI gRPC server on a unix socket (Netty epoll), with the one error interceptor in front
 * of every service and, outside it, any others the daemon adds (metrics).
 */
public final class CriServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CriServer.class);

    private final Path socket;
    private final EventLoopGroup boss = UnixGrpc.eventLoops(1);
    private final EventLoopGroup workers = UnixGrpc.eventLoops(2);
    private final Server server;
    private volatile boolean started;

    public CriServer(Path socket, int maxRecvMessageSize, List<BindableService> services) {
        this(socket, maxRecvMessageSize, services, List.of());
    }

    /**
     * @param outer interceptors put outside the error interceptor (the first outermost), so they
     *     see every call and the status its client gets (metrics)
     */
    public CriServer(
            Path socket, int maxRecvMessageSize, List<BindableService> services, List<ServerInterceptor> outer) {
        this.socket = socket;
        NettyServerBuilder builder =
                UnixGrpc.serverBuilder(socket, boss, workers).maxInboundMessageSize(maxRecvMessageSize);
        // ServerInterceptors.intercept runs the last one first: the error interceptor innermost
        List<ServerInterceptor> chain = new ArrayList<>(outer);
        Collections.reverse(chain);
        chain.add(0, new ErrorInterceptor());
        for (BindableService service : services) {
            builder.addService(ServerInterceptors.intercept(service, chain));
        }
        this.server = builder.build();
    }

    /** Binds the socket (after removing a stale one) and restricts it to 0660. */
    public CriServer start() throws IOException {
        UnixSocketBinding.prepare(socket);
        server.start();
        started = true;
        UnixSocketBinding.restrict(socket);
        LOG.info("CRI server listening on unix://{}", socket);
        return this;
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Stops accepting, lets in-flight calls finish for a while, then cancels the rest. */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
                server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (!started) {
            return; // the socket may belong to another live server that made us fail
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("cannot remove socket {}: {}", socket, e.getMessage());
        }
        LOG.info("CRI server on {} stopped", socket);
    }
}
