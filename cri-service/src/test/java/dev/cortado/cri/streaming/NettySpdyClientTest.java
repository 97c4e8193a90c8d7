package dev.cortado.cri.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdySessionHandler;
import io.netty.handler.codec.spdy.SpdyVersion;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A second, independent SPDY client: Netty's codec on the client side, whose header blocks are
 * compressed with the SPDY dictionary (as Go's framer does) and whose session handler honours
 * flow-control windows, so it stalls after 64 KiB of stdin unless the server credits its windows.
 */
class NettySpdyClientTest {
    private final StreamingServer server = StreamingServer.start(StreamingConfig.defaults(), new FakeRuntime());
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        server.close();
    }

    /** Data per stream until FIN; completes when the error stream (1) ends. */
    static final class Frames extends SimpleChannelInboundHandler<SpdyFrame> {
        final Map<Integer, ByteArrayOutputStream> data = new ConcurrentHashMap<>();
        final CompletableFuture<String> status = new CompletableFuture<>();

        final StringBuffer seen = new StringBuffer();

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            status.completeExceptionally(new AssertionError("connection closed; frames seen: " + seen));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            status.completeExceptionally(new AssertionError("frames seen: " + seen, cause));
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, SpdyFrame frame) {
            seen.append(frame.getClass().getSimpleName())
                    .append(
                            frame instanceof io.netty.handler.codec.spdy.SpdyStreamFrame sf
                                    ? "(" + sf.streamId() + ")"
                                    : "")
                    .append(' ');
            if (frame instanceof SpdyDataFrame d) {
                ByteArrayOutputStream out = data.computeIfAbsent(d.streamId(), k -> new ByteArrayOutputStream());
                byte[] bytes = new byte[d.content().readableBytes()];
                d.content().readBytes(bytes);
                out.writeBytes(bytes);
                if (d.isLast() && d.streamId() == 1) {
                    status.complete(out.toString(StandardCharsets.UTF_8));
                }
            }
        }

        String text(int id) {
            return data.getOrDefault(id, new ByteArrayOutputStream()).toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void megabyteOfStdin_throughFlowControlledClient_arrivesWhole() throws Exception {
        URI url = URI.create(server.url(new StreamRequest.Exec(
                "running", List.of("sh", "-c", "wc -c; echo err >&2"), new StreamOptions(true, true, true, false))));
        CompletableFuture<FullHttpResponse> upgraded = new CompletableFuture<>();
        Channel ch = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline()
                                .addLast("http", new HttpClientCodec())
                                .addLast("agg", new HttpObjectAggregator(1 << 16))
                                .addLast("up", new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse resp) {
                                        upgraded.complete(resp.retainedDuplicate());
                                    }
                                });
                    }
                })
                .connect(url.getHost(), url.getPort())
                .sync()
                .channel();
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, url.getRawPath());
        req.headers()
                .set("Host", url.getHost())
                .set("Connection", "Upgrade")
                .set("Upgrade", "SPDY/3.1")
                .add("X-Stream-Protocol-Version", "v4.channel.k8s.io");
        ch.writeAndFlush(req);
        FullHttpResponse resp = upgraded.get(20, TimeUnit.SECONDS);
        assertThat(resp.status().code()).isEqualTo(101);
        resp.release();
        Frames frames = new Frames();
        ch.eventLoop()
                .submit(() -> {
                    ch.pipeline().addBefore("http", "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
                    ch.pipeline().addAfter("spdy", "session", new SpdySessionHandler(SpdyVersion.SPDY_3_1, false));
                    ch.pipeline().remove("up");
                    ch.pipeline().remove("agg");
                    ch.pipeline().remove("http");
                    ch.pipeline().addLast(frames);
                })
                .sync();
        String[] types = {"error", "stdin", "stdout", "stderr"};
        for (int i = 0; i < types.length; i++) {
            DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(1 + 2 * i, 0, (byte) 0);
            syn.headers().set("streamtype", types[i]);
            ch.write(syn);
        }
        byte[] chunk = new byte[8192];
        for (int i = 0; i < 128; i++) {
            ch.write(new DefaultSpdyDataFrame(3, Unpooled.wrappedBuffer(chunk)));
        }
        ch.writeAndFlush(new DefaultSpdyDataFrame(3, Unpooled.EMPTY_BUFFER).setLast(true));

        try {
            frames.status.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no status; frames seen: " + frames.seen, e);
        }
        assertThat(frames.status.get(30, TimeUnit.SECONDS)).contains("\"status\":\"Success\"");
        assertThat(frames.text(5).trim()).isEqualTo("1048576");
        assertThat(frames.text(7)).isEqualTo("err\n");
        ch.close().sync();
    }
}
