package dev.cortado.cri.streaming;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP side of a streaming URL, as kubelet's CRI streaming server: {@code GET|POST
 * /{exec,attach,portforward}/<token>}; an unknown, used, expired or mismatched token is 404 (the
 * token is spent either way); then a WebSocket upgrade, or a SPDY/3.1 upgrade whose
 * {@code X-Stream-Protocol-Version} is negotiated (no common protocol: 403 with
 * {@code X-Accepted-Stream-Protocol-Versions}; no upgrade headers: 400).
 */
final class HttpEntryHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String PROTOCOL_VERSION = "X-Stream-Protocol-Version";
    static final String ACCEPTED_VERSIONS = "X-Accepted-Stream-Protocol-Versions";
    static final String PORT_FORWARD_PROTOCOL = "portforward.k8s.io";

    private final TokenCache tokens;
    private final SessionContext context;

    HttpEntryHandler(TokenCache tokens, SessionContext context) {
        this.tokens = tokens;
        this.context = context;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            respond(ctx, HttpResponseStatus.BAD_REQUEST, "malformed request");
            return;
        }
        String[] parts = new QueryStringDecoder(req.uri()).path().split("/");
        if (parts.length != 3
                || !parts[0].isEmpty()
                || !List.of("exec", "attach", "portforward").contains(parts[1])) {
            respond(ctx, HttpResponseStatus.NOT_FOUND, "404 page not found");
            return;
        }
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.POST)) {
            respond(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed");
            return;
        }
        Optional<StreamRequest> request =
                tokens.consume(parts[2]).filter(r -> r.kind().equals(parts[1]));
        if (request.isEmpty()) {
            respond(ctx, HttpResponseStatus.NOT_FOUND, "404 page not found");
            return;
        }
        if (isWebSocket(req)) {
            WebSocketUpgrade.upgrade(ctx, req, request.get(), context);
        } else {
            spdyUpgrade(ctx, req, request.get());
        }
    }

    private static boolean isWebSocket(FullHttpRequest req) {
        return "websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE, ""))
                && req.headers()
                        .get(HttpHeaderNames.CONNECTION, "")
                        .toLowerCase()
                        .contains("upgrade");
    }

    private void spdyUpgrade(ChannelHandlerContext ctx, FullHttpRequest req, StreamRequest request) {
        List<String> offered = new ArrayList<>();
        for (String value : req.headers().getAll(PROTOCOL_VERSION)) {
            for (String p : value.split(",")) {
                if (!p.isBlank()) {
                    offered.add(p.trim());
                }
            }
        }
        List<String> supported = request instanceof StreamRequest.PortForward
                ? List.of(PORT_FORWARD_PROTOCOL)
                : RemoteCommandProtocol.SPDY.stream()
                        .map(RemoteCommandProtocol::wireName)
                        .toList();
        // clients from before protocol negotiation send none: kubelet falls back to the first protocol
        String chosen = offered.isEmpty()
                ? supported.get(supported.size() - 1)
                : offered.stream().filter(supported::contains).findFirst().orElse(null);
        if (chosen == null) {
            FullHttpResponse resp = response(
                    HttpResponseStatus.FORBIDDEN,
                    "unable to upgrade: unable to negotiate protocol: client supports " + offered + ", server accepts "
                            + supported);
            supported.forEach(p -> resp.headers().add(ACCEPTED_VERSIONS, p));
            ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!req.headers().get(HttpHeaderNames.CONNECTION, "").toLowerCase().contains("upgrade")
                || !"spdy/3.1".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE, ""))) {
            respond(ctx, HttpResponseStatus.BAD_REQUEST, "unable to upgrade: missing upgrade headers in request");
            return;
        }
        FullHttpResponse switching =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        switching
                .headers()
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.UPGRADE, "SPDY/3.1")
                .set(PROTOCOL_VERSION, chosen);
        ctx.writeAndFlush(switching);

        SpdyConnection connection = new SpdyConnection();
        ChannelPipeline p = ctx.pipeline();
        p.addBefore(ctx.name(), "spdy-codec", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
        p.addBefore(ctx.name(), "spdy-session", connection);
        if (request instanceof StreamRequest.PortForward pf) {
            connection.listener(new SpdyPortForward(context, pf.sandboxId(), ctx.channel()));
        } else {
            RemoteCommandProtocol protocol = RemoteCommandProtocol.find(RemoteCommandProtocol.SPDY, chosen)
                    .orElseThrow();
            connection.listener(new SpdyRemoteCommand(context, request, protocol, connection, ctx.channel()));
        }
        // bytes the HTTP decoder already holds move on to the SPDY codec when it is removed
        p.remove(StreamingServer.AGGREGATOR);
        p.remove(StreamingServer.HTTP_CODEC);
        p.remove(this);
    }

    static FullHttpResponse response(HttpResponseStatus status, String body) {
        FullHttpResponse resp = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body + "\n", StandardCharsets.UTF_8));
        resp.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return resp;
    }

    static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
        ctx.writeAndFlush(response(status, body)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
