/**
 * The streaming server behind the Exec, Attach and PortForward RPCs: a Netty HTTP server that hands
 * out single-use URLs ({@link dev.cortado.cri.streaming.StreamingServer#url}) and serves them over
 * SPDY/3.1 ({@code X-Stream-Protocol-Version} v4/v3/v2/v1 {@code channel.k8s.io} and
 * {@code portforward.k8s.io}, as kubelet and crictl speak it) and WebSocket (channel protocols).
 * The runtime is reached only through {@link dev.cortado.cri.streaming.StreamingRuntime}; memory per
 * session is bounded by {@code InboundPipe}/{@code OutboundPipe}, which apply backpressure instead of
 * queueing. Protocol notes: {@code PROTOCOL.md} next to the sources.
 */
package dev.cortado.cri.streaming;
