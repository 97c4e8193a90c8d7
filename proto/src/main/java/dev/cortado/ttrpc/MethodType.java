package dev.cortado.ttrpc;

/**
 * Which sides of a call carry a stream of messages (ttrpc's {@code StreamingClient} and
 * {@code StreamingServer} of a {@code Stream} descriptor, services.go).
 */
public enum MethodType {
    UNARY(false, false),
    CLIENT_STREAMING(true, false),
    SERVER_STREAMING(false, true),
    BIDI_STREAMING(true, true);

    private final boolean clientStreaming;
    private final boolean serverStreaming;

    MethodType(boolean clientStreaming, boolean serverStreaming) {
        this.clientStreaming = clientStreaming;
        this.serverStreaming = serverStreaming;
    }

    /** The client sends Data frames after its Request (Request flag remote-open). */
    public boolean clientStreaming() {
        return clientStreaming;
    }

    /** The server answers with Data frames and ends with Data + remote-closed. */
    public boolean serverStreaming() {
        return serverStreaming;
    }

    /** The type of a gRPC method descriptor, so that generated gRPC stubs can describe ttrpc methods. */
    public static MethodType of(io.grpc.MethodDescriptor.MethodType grpcType) {
        return switch (grpcType) {
            case UNARY -> UNARY;
            case CLIENT_STREAMING -> CLIENT_STREAMING;
            case SERVER_STREAMING -> SERVER_STREAMING;
            case BIDI_STREAMING -> BIDI_STREAMING;
            case UNKNOWN -> throw new IllegalArgumentException("method type UNKNOWN has no ttrpc form");
        };
    }
}
