package dev.cortado.cri.streaming;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The WebSocket upgrade of a streaming URL (Netty's handshaker): the subprotocol is the first the
 * client offers that the endpoint supports ({@code v5.channel.k8s.io}, {@code v4.channel.k8s.io},
 * base64 variants, {@code channel.k8s.io}); none offered means binary {@code channel.k8s.io}, as
 * kubelet's {@code wsstream}; offered but none supported is 400. Port forward takes its ports from
 * the {@code port} query parameters, else from the CRI request.
 */
final class WebSocketUpgrade {
    static final int MAX_MESSAGE = 1 << 20;

    private WebSocketUpgrade() {}

    static void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, StreamRequest request, SessionContext context) {
        List<RemoteCommandProtocol> supported = request instanceof StreamRequest.PortForward
                ? List.of(RemoteCommandProtocol.V4, RemoteCommandProtocol.V4_BASE64)
                : RemoteCommandProtocol.WEBSOCKET;
        List<String> offered = new ArrayList<>();
        for (String p :
                req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, "").split(",")) {
            if (!p.isBlank()) {
                offered.add(p.trim());
            }
        }
        RemoteCommandProtocol protocol = offered.isEmpty()
                ? RemoteCommandProtocol.V1
                : offered.stream()
                        .map(o -> RemoteCommandProtocol.find(supported, o))
                        .flatMap(Optional::stream)
                        .findFirst()
                        .orElse(null);
        if (protocol == null) {
            HttpEntryHandler.respond(
                    ctx,
                    HttpResponseStatus.BAD_REQUEST,
                    "requested protocol(s) are not supported: " + offered + "; supports "
                            + supported.stream()
                                    .map(RemoteCommandProtocol::wireName)
                                    .toList());
            return;
        }
        List<Integer> ports = List.of();
        if (request instanceof StreamRequest.PortForward pf) {
            Optional<List<Integer>> parsed = queryPorts(req.uri());
            if (parsed.isEmpty()) {
                HttpEntryHandler.respond(
                        ctx, HttpResponseStatus.BAD_REQUEST, "query parameter \"port\" must be a port 1-65535");
                return;
            }
            ports = parsed.get().isEmpty() ? pf.ports() : parsed.get();
            if (ports.isEmpty()) {
                HttpEntryHandler.respond(ctx, HttpResponseStatus.BAD_REQUEST, "query parameter \"port\" is required");
                return;
            }
        }
        String subprotocol = offered.isEmpty() ? null : protocol.wireName();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                        "ws://" + req.headers().get(HttpHeaderNames.HOST, "localhost") + req.uri(),
                        subprotocol,
                        false,
                        MAX_MESSAGE)
                .newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        WebSocketChannels channels = new WebSocketChannels(ctx.channel(), protocol.base64());
        WebSocketSession session = request instanceof StreamRequest.PortForward pf
                ? new WebSocketPortForward(context, pf.sandboxId(), ports, channels)
                : new WebSocketRemoteCommand(context, request, protocol, channels);
        handshaker.handshake(ctx.channel(), req).addListener(f -> {
            if (f.isSuccess()) {
                session.start();
            } else {
                ctx.close();
            }
        });
        ctx.pipeline().addAfter(ctx.name(), "ws-session", new WebSocketHandler(session, handshaker));
        ctx.pipeline().addBefore("ws-session", "ws-aggregator", new WebSocketFrameAggregator(MAX_MESSAGE));
        ctx.pipeline().remove(ctx.name());
    }

    /** The {@code port} query values (comma lists allowed); empty list when none; empty when invalid. */
    static Optional<List<Integer>> queryPorts(String uri) {
        List<Integer> ports = new ArrayList<>();
        for (String value : new QueryStringDecoder(uri).parameters().getOrDefault("port", List.of())) {
            for (String p : value.split(",")) {
                try {
                    int port = Integer.parseInt(p.trim());
                    if (port < 1 || port > 65535) {
                        return Optional.empty();
                    }
                    ports.add(port);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(ports);
    }
}
