/**
 * ttrpc framing: the 10-byte big-endian header and the 4 MiB payload limit.
 *
 * <p>Every ttrpc message is one frame: {@code uint32 length | uint32 stream id | byte type |
 * byte flags | payload}. Types are 1 Request, 2 Response, 3 Data; flags are 1 remote-closed,
 * 2 remote-open, 4 no-data. A frame whose length exceeds 4 MiB ({@code 4 << 20}) is skipped
 * by the reader, which keeps the connection and reports the stream so that the peer can be
 * answered with RESOURCE_EXHAUSTED; a writer refuses such a frame before it touches the wire.
 * The specification is containerd/ttrpc {@code PROTOCOL.md} ("Message Frame") and
 * {@code channel.go}; {@code ../shared/research/features.md} section 5.6 summarises both.
 */
package dev.cortado.ttrpc.frame;
