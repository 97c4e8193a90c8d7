package dev.cortado.cri.streaming;

import dev.cortado.errors.CortadoException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The streaming server: hands out single-use URLs for exec, attach and port forward requests and
 * serves them. Sessions run the runtime's blocking calls on worker threads (at most
 * {@code max_sessions} of exec/attach/forwarded connections at once; more are refused, nothing
 * queues). With TLS ({@code enable_tls}) every connection starts with a TLS handshake and URLs are
 * {@code https://}. {@link #close()} cancels every session.
 */
public final class StreamingServer implements AutoCloseable {
    static final String HTTP_CODEC = "http-codec";
    static final String AGGREGATOR = "http-aggregator";

    private final StreamingRuntime runtime;
    private final TokenCache tokens;
    private final EventLoopGroup group;
    private final ExecutorService workers;
    private final ThreadPoolExecutor cancels;
    private final Channel serverChannel;
    private final InetSocketAddress address;
    private final Optional<TlsSetup> tls;

    private StreamingServer(StreamingConfig config, StreamingRuntime runtime, LongSupplier nanoClock) {
        this.runtime = runtime;
        this.tls = TlsSetup.of(config.tls(), config.address()); // before anything that close() must undo
        this.tokens = new TokenCache(config.tokenTtl(), config.maxPendingTokens(), nanoClock);
        AtomicInteger n = new AtomicInteger();
        this.workers =
                new ThreadPoolExecutor(0, config.maxSessions(), 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "cortado-streaming-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        // cancel callbacks (a kill through the runtime when a client goes away) queue here, off the event loop
        AtomicInteger c = new AtomicInteger();
        this.cancels = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "cortado-streaming-cancel-" + c.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        cancels.allowCoreThreadTimeOut(true);
        SessionContext context = new SessionContext(runtime, workers, cancels, config.streamCreationTimeout());
        this.group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        long idleSeconds = Math.max(1, config.idleTimeout().toSeconds());
        try {
            this.serverChannel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            tls.ifPresent(t ->
                                    ch.pipeline().addLast("tls", t.context().newHandler(ch.alloc())));
                            ch.pipeline()
                                    .addLast(new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS))
                                    .addLast(HTTP_CODEC, new HttpServerCodec())
                                    .addLast(AGGREGATOR, new HttpObjectAggregator(64 << 10))
                                    .addLast(new HttpEntryHandler(tokens, context));
                        }
                    })
                    .bind(config.address(), config.port())
                    .sync()
                    .channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw CortadoException.internal("streaming: interrupted while binding " + config.address(), e);
        } catch (RuntimeException e) {
            close();
            throw CortadoException.unavailable(
                    "streaming: cannot listen on %s:%d: %s", config.address(), config.port(), e);
        }
        this.address = (InetSocketAddress) serverChannel.localAddress();
    }

    /** Binds and starts serving; throws UNAVAILABLE when the address cannot be bound. */
    public static StreamingServer start(StreamingConfig config, StreamingRuntime runtime) {
        return new StreamingServer(config, runtime, System::nanoTime);
    }

    static StreamingServer start(StreamingConfig config, StreamingRuntime runtime, LongSupplier nanoClock) {
        return new StreamingServer(config, runtime, nanoClock);
    }

    /** Where the server listens (the port is the bound one when the config said 0). */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Checks the request against the runtime (NOT_FOUND, FAILED_PRECONDITION) and returns its
     * single-use URL {@code http(s)://addr/{exec,attach,portforward}/<token>}; RESOURCE_EXHAUSTED when
     * too many URLs wait for their client.
     */
    public String url(StreamRequest request) {
        if (request instanceof StreamRequest.Exec e) {
            runtime.checkContainerRunning(e.containerId());
        } else if (request instanceof StreamRequest.Attach a) {
            runtime.checkContainerRunning(a.containerId());
        } else if (request instanceof StreamRequest.PortForward p) {
            runtime.checkSandboxReady(p.sandboxId());
        }
        String host = address.getAddress().isAnyLocalAddress()
                ? "127.0.0.1"
                : address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return (tls.isPresent() ? "https://" : "http://") + host + ":" + address.getPort() + "/" + request.kind() + "/"
                + tokens.insert(request);
    }

    /** The server's certificate when it speaks TLS (the generated one for a self-signed setup). */
    public Optional<X509Certificate> certificate() {
        return tls.map(TlsSetup::certificate);
    }

    int pendingTokens() {
        return tokens.pending();
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdown();
        cancels.shutdown();
    }
}
