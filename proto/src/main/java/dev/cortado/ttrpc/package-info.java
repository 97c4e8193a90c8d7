/**
 * ttrpc, containerd's lightweight RPC over unix sockets: the public API shared by the
 * {@link dev.cortado.ttrpc.server server} and the {@link dev.cortado.ttrpc.client client}.
 *
 * <p>A method is a {@link dev.cortado.ttrpc.TtrpcMethod} (service, name, {@link
 * dev.cortado.ttrpc.MethodType}, message codecs), usually taken from a generated gRPC
 * descriptor. A {@link dev.cortado.ttrpc.TtrpcService} binds methods to
 * {@link dev.cortado.ttrpc.ServerHandlers}. Requests carry {@link dev.cortado.ttrpc.Metadata}
 * and an optional timeout; handlers see both through {@link dev.cortado.ttrpc.CallContext}.
 * Errors travel as {@code google.rpc.Status} with gRPC code numbers, mapped by
 * {@link dev.cortado.ttrpc.TtrpcErrors} through the one mapping of {@code dev.cortado.errors}.
 *
 * <p>Wire summary (containerd/ttrpc {@code PROTOCOL.md}, {@code request.proto}): frames of a
 * 10-byte big-endian header and at most 4 MiB payload ({@code dev.cortado.ttrpc.frame});
 * Request payload {@code ttrpc.Request{service, method, payload, timeout_nano, metadata}};
 * Response payload {@code ttrpc.Response{status, payload}}; Data payload one message. Client
 * stream ids are odd and strictly increasing from 1. No handshake, ping or flow control.
 */
package dev.cortado.ttrpc;
