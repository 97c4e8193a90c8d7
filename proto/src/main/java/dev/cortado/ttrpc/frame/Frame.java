package dev.cortado.ttrpc.frame;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.util.Arrays;
import java.util.Objects;

/**
 * One ttrpc message: stream id, type, flags and payload, as it travels after the header.
 *
 * <p>The stream id is an unsigned 32-bit number held in an {@code int}; compare ids with
 * {@link Integer#compareUnsigned}. Constructing a frame with a payload over
 * {@link #MAX_PAYLOAD} fails with RESOURCE_EXHAUSTED, which is how a sender refuses to send an
 * oversize message (ttrpc's {@code OversizedMessageError}). The payload array is not copied:
 * frames are handed over, never shared.
 */
public record Frame(int streamId, FrameType type, int flags, byte[] payload) {
    /** Length of the fixed header: length (4) + stream id (4) + type (1) + flags (1). */
    public static final int HEADER_LENGTH = 10;
    /** Largest payload a peer may send: 4 MiB, {@code messageLengthMax} in ttrpc channel.go. */
    public static final int MAX_PAYLOAD = 4 << 20;

    /** Data: no more data will follow from the sender of this frame. */
    public static final int FLAG_REMOTE_CLOSED = 0x01;
    /** Request: the client will send more data on this stream. */
    public static final int FLAG_REMOTE_OPEN = 0x02;
    /** Data: the frame carries no message (only its flags matter). */
    public static final int FLAG_NO_DATA = 0x04;

    private static final byte[] EMPTY = new byte[0];

    public Frame {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        if ((flags & ~0xff) != 0) {
            throw new IllegalArgumentException("flags must fit in one byte: " + flags);
        }
        if (payload.length > MAX_PAYLOAD) {
            throw oversize(payload.length);
        }
    }

    /** A frame without payload, e.g. the close of a stream (remote-closed plus no-data). */
    public static Frame empty(int streamId, FrameType type, int flags) {
        return new Frame(streamId, type, flags, EMPTY);
    }

    /** Whether all bits of {@code flag} are set. */
    public boolean has(int flag) {
        return (flags & flag) == flag;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Frame f
                && f.streamId == streamId
                && f.type == type
                && f.flags == flags
                && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(streamId, type, flags, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "Frame[stream=" + Integer.toUnsignedString(streamId) + ", " + type + ", flags=0x"
                + Integer.toHexString(flags) + ", " + payload.length + " bytes]";
    }

    /** RESOURCE_EXHAUSTED for a message over 4 MiB, worded as ttrpc's OversizedMessageError. */
    public static CortadoException oversize(long length) {
        return new CortadoException(ErrorKind.RESOURCE_EXHAUSTED, oversizeMessage(length));
    }

    /** ttrpc's text for an oversize message (channel.go, errors.go). */
    public static String oversizeMessage(long length) {
        return "message length " + length + " exceed maximum message size of " + MAX_PAYLOAD;
    }
}
