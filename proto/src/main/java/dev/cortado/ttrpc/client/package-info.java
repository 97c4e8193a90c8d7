/**
 * The ttrpc client: one connection, many concurrent calls, each on its own odd stream id.
 *
 * <p>As containerd/ttrpc's client does: unary calls send a Request with flags 0 and wait for
 * one Response; client- and bidi-streaming calls send Request with remote-open, Data frames,
 * and close with Data remote-closed + no-data; server-streaming calls send Request with
 * remote-closed and read Data frames until one carries remote-closed. A Response with an error
 * status becomes a {@link dev.cortado.errors.CortadoException} of that kind
 * ({@link dev.cortado.errors.ErrorKind#fromCode}); a closed connection fails every pending
 * call with UNAVAILABLE; a timeout is sent as {@code timeout_nano} and enforced locally.
 */
package dev.cortado.ttrpc.client;
