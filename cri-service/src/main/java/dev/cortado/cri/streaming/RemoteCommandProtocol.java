package dev.cortado.cri.streaming;

import java.util.List;
import java.util.Optional;

/**
 * The remotecommand subprotocols ({@code X-Stream-Protocol-Version} for SPDY,
 * {@code Sec-WebSocket-Protocol} for WebSocket) and what each changes: v3 adds the resize stream,
 * v4 the JSON exit status, v5 (WebSocket only) the stream-close signal; base64 variants encode
 * WebSocket frames as text.
 */
enum RemoteCommandProtocol {
    V5("v5.channel.k8s.io", true, true, false),
    V4("v4.channel.k8s.io", true, true, false),
    V4_BASE64("v4.base64.channel.k8s.io", true, true, true),
    V3("v3.channel.k8s.io", true, false, false),
    V2("v2.channel.k8s.io", false, false, false),
    V1("channel.k8s.io", false, false, false),
    V1_BASE64("base64.channel.k8s.io", false, false, true);

    /** Server preference order for SPDY (kubelet's {@code SupportedStreamingProtocols}). */
    static final List<RemoteCommandProtocol> SPDY = List.of(V5, V4, V3, V2, V1);
    /** What the WebSocket endpoint accepts (kubelet's list plus v5). */
    static final List<RemoteCommandProtocol> WEBSOCKET = List.of(V5, V4, V4_BASE64, V1, V1_BASE64);

    private final String wireName;
    private final boolean resize;
    private final boolean jsonStatus;
    private final boolean base64;

    RemoteCommandProtocol(String wireName, boolean resize, boolean jsonStatus, boolean base64) {
        this.wireName = wireName;
        this.resize = resize;
        this.jsonStatus = jsonStatus;
        this.base64 = base64;
    }

    String wireName() {
        return wireName;
    }

    boolean resize() {
        return resize;
    }

    boolean jsonStatus() {
        return jsonStatus;
    }

    boolean base64() {
        return base64;
    }

    static Optional<RemoteCommandProtocol> find(List<RemoteCommandProtocol> among, String name) {
        return among.stream().filter(p -> p.wireName.equals(name)).findFirst();
    }
}
