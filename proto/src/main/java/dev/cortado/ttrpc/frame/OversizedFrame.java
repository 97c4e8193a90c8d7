package dev.cortado.ttrpc.frame;

/**
 * What the decoder passes on instead of a frame whose declared length exceeds the limit.
 *
 * <p>ttrpc discards the payload and keeps the connection; the receiver answers
 * RESOURCE_EXHAUSTED on {@code streamId} (containerd/ttrpc channel.go {@code recv}).
 * {@code type} is the raw header byte, since an oversize frame is never parsed.
 */
public record OversizedFrame(int streamId, int type, int flags, long length) {}
