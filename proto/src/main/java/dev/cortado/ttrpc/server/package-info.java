/**
 * The ttrpc server: accept, check the peer's uid, decode frames, enforce stream rules, run
 * handlers on an executor, end every stream exactly once.
 *
 * <p>Behaviour follows containerd/ttrpc ({@code PROTOCOL.md}, {@code server.go},
 * {@code services.go}): unary Request (flags 0) gets one Response; a streaming client sends
 * Request with remote-open, then Data frames, the last with remote-closed (and no-data when
 * empty); a server-streaming method answers with Data frames and ends an OK stream with Data +
 * remote-closed, an error with a Response carrying the status. Unknown service or method is
 * UNIMPLEMENTED "service X" / "method Y"; {@code timeout_nano} becomes the handler's deadline;
 * bad stream ids and data for finished streams are INVALID_ARGUMENT with ttrpc's messages; a
 * frame over 4 MiB is RESOURCE_EXHAUSTED on its stream and the connection stays open. Each
 * client stream buffers 64 messages, then pauses the connection for up to 1 s.
 */
package dev.cortado.ttrpc.server;
