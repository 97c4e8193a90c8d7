package dev.cortado.ttrpc.frame;

import java.util.Optional;

/** The message type byte of a ttrpc frame header (containerd/ttrpc PROTOCOL.md "Message Types"). */
public enum FrameType {
    /** Initiates a stream; the payload is a {@code ttrpc.Request}. */
    REQUEST(0x01),
    /** Final message of a stream; the payload is a {@code ttrpc.Response}. */
    RESPONSE(0x02),
    /** Stream data; the payload is one serialized message. */
    DATA(0x03);

    private final int wireValue;

    FrameType(int wireValue) {
        this.wireValue = wireValue;
    }

    /** The byte written at offset 8 of the header. */
    public int wireValue() {
        return wireValue;
    }

    /** The type for a header byte; empty for types a newer peer may define. */
    public static Optional<FrameType> fromWire(int value) {
        for (FrameType type : values()) {
            if (type.wireValue == value) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
