package dev.cortado.ttrpc.server;

import dev.cortado.errors.CortadoException;
import dev.cortado.ttrpc.TtrpcService;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.frame.FrameDecoder;
import dev.cortado.ttrpc.frame.FrameEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ttrpc server: accepts connections on a transport and runs registered services.
 *
 * <pre>{@code
 * TtrpcServer server = TtrpcServer.builder(TtrpcTransport.unixSocket(socket))
 *         .service(taskService)
 *         .build()
 *         .start();
 * ...
 * server.shutdown(Duration.ofSeconds(3));
 * }</pre>
 *
 * Handlers run on the handler executor (by default a cached pool owned by the server), so
 * calls run concurrently and answer in any order. Its connections run on event loops of its
 * own, or on the caller's ({@link Builder#eventLoops}), so that many servers in one process
 * share their threads. Only peers with the expected uid (by default this process's own) may
 * connect.
 */
public final class TtrpcServer implements AutoCloseable {
    private final TtrpcTransport transport;
    private final Dispatcher dispatcher;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final PeerCredentialsCheck peerCheck;
    private final EventLoopGroup sharedBoss;
    private final EventLoopGroup sharedWorkers;
    private final Set<Channel> connections = ConcurrentHashMap.newKeySet();
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;
    private volatile boolean closing;

    private TtrpcServer(Builder b) {
        this.transport = b.transport;
        this.ownsExecutor = b.executor == null;
        this.executor = ownsExecutor ? Executors.newCachedThreadPool(daemonThreads()) : b.executor;
        this.sharedBoss = b.boss;
        this.sharedWorkers = b.workers;
        this.dispatcher = new Dispatcher(new ServiceRegistry(b.services), executor, b.clock);
        this.peerCheck = new PeerCredentialsCheck(
                transport,
                b.expectedUid == null ? PeerCredentialsCheck.currentUid() : b.expectedUid,
                b.expectedGid == null ? PeerCredentialsCheck.currentGid() : b.expectedGid);
    }

    public static Builder builder(TtrpcTransport transport) {
        return new Builder(transport);
    }

    /**
     * Binds the transport's address. A stale socket file is replaced; a socket a live server
     * answers on, or a path that is not a socket, is a FAILED_PRECONDITION error.
     */
    public synchronized TtrpcServer start() {
        if (serverChannel != null || closing) {
            throw new IllegalStateException("ttrpc server on " + transport + " already started");
        }
        transport.prepareBind();
        bossGroup = sharedBoss != null ? sharedBoss : transport.newEventLoopGroup(1);
        workerGroup = sharedWorkers != null ? sharedWorkers : transport.newEventLoopGroup(2);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(transport.serverChannelType())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ch.closeFuture().addListener(f -> connections.remove(ch));
                        if (closing) {
                            // Accepted just as shutdown began, after it listed the connections.
                            ch.close();
                            return;
                        }
                        ch.pipeline()
                                .addLast(
                                        peerCheck,
                                        new FrameDecoder(),
                                        new FrameEncoder(),
                                        new ServerConnection(ch, dispatcher));
                    }
                });
        try {
            serverChannel = bootstrap.bind(transport.address()).sync().channel();
        } catch (Exception e) {
            stopGroups();
            throw CortadoException.unavailable("ttrpc: cannot listen on %s: %s", transport, e.getMessage());
        }
        return this;
    }

    /**
     * Stops accepting, lets in-flight calls finish, closes idle connections as they become idle,
     * and after {@code grace} closes whatever is left. The socket file is removed.
     */
    public synchronized void shutdown(Duration grace) {
        if (serverChannel == null) {
            return;
        }
        closing = true;
        serverChannel.close().syncUninterruptibly();
        transport.cleanUp();
        List<Channel> open = new ArrayList<>(connections);
        open.forEach(ch -> {
            ServerConnection conn = ch.pipeline().get(ServerConnection.class);
            if (conn != null) {
                conn.drain();
            } else {
                ch.close();
            }
        });
        long deadline = System.nanoTime() + grace.toNanos();
        for (Channel ch : open) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !ch.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                ch.close().syncUninterruptibly();
            }
        }
        serverChannel = null;
        stopGroups();
    }

    /** Closes at once: in-flight calls are abandoned. */
    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }

    /** How many connections are open now. */
    public int connectionCount() {
        return connections.size();
    }

    private void stopGroups() {
        if (ownsExecutor) {
            executor.shutdownNow();
        }
        if (sharedWorkers == null) {
            workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (sharedBoss == null) {
            bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "ttrpc-handler-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Collects services and settings; every setting has a default. */
    public static final class Builder {
        private final TtrpcTransport transport;
        private final List<TtrpcService> services = new ArrayList<>();
        private ExecutorService executor;
        private Integer expectedUid;
        private Integer expectedGid;
        private Clock clock = Clock.systemUTC();
        private EventLoopGroup boss;
        private EventLoopGroup workers;

        private Builder(TtrpcTransport transport) {
            this.transport = transport;
        }

        public Builder service(TtrpcService service) {
            services.add(service);
            return this;
        }

        /** Runs handlers on {@code handlers}; the caller keeps ownership and shuts it down. */
        public Builder handlerExecutor(ExecutorService handlers) {
            this.executor = handlers;
            return this;
        }

        /**
         * Accepts on {@code boss} and serves connections on {@code workers} (they may be one group)
         * instead of groups of its own; the caller keeps ownership and shuts them down. They must
         * suit the transport (for a unix socket, epoll groups such as {@code UnixGrpc.eventLoops}).
         */
        public Builder eventLoops(EventLoopGroup boss, EventLoopGroup workers) {
            this.boss = java.util.Objects.requireNonNull(boss, "boss");
            this.workers = java.util.Objects.requireNonNull(workers, "workers");
            return this;
        }

        /** Accepts peers of {@code uid} only, instead of this process's uid (tests, root helpers). */
        public Builder expectedPeerUid(int uid) {
            this.expectedUid = uid;
            return this;
        }

        /** Accepts peers of {@code gid} only, instead of this process's gid (tests, root helpers). */
        public Builder expectedPeerGid(int gid) {
            this.expectedGid = gid;
            return this;
        }

        /** The clock that turns {@code timeout_nano} into the deadline handlers see. */
        public Builder clock(Clock deadlineClock) {
            this.clock = deadlineClock;
            return this;
        }

        public TtrpcServer build() {
            return new TtrpcServer(this);
        }
    }
}
