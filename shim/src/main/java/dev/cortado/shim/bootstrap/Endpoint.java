package dev.cortado.shim.bootstrap;

import dev.cortado.api.cortado.shim.v1.ListenRequest;
import dev.cortado.errors.CortadoException;
import dev.cortado.shim.options.ShimOptions.Protocol;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One socket that serves the Task API for one containerd namespace: containerd 1.6 tells a
 * shim no namespace per call, so the socket does. Named by a hash of the namespace (sockets
 * have a 107-byte path limit), {@code n-} for ttrpc and {@code g-} for gRPC, in the state root
 * or in the {@code socket_dir} containerd 2.3+ asks for.
 *
 * @param eventsAddress containerd's ttrpc address for this namespace's events; empty: the default
 */
record Endpoint(String namespace, Protocol protocol, String socketDir, String eventsAddress) {
    private static final int SUN_PATH_MAX = 107;

    /** Checks the values. */
    Endpoint {
        if (namespace == null || namespace.isEmpty()) {
            throw CortadoException.invalidArgument("a containerd namespace is required (-namespace)");
        }
        socketDir = socketDir == null ? "" : socketDir;
        eventsAddress = eventsAddress == null ? "" : eventsAddress;
        if (!socketDir.isEmpty() && !Path.of(socketDir).isAbsolute()) {
            throw CortadoException.invalidArgument("socket_dir %s is not an absolute path", socketDir);
        }
    }

    /** A ttrpc endpoint in the state root, with events to the default address. */
    static Endpoint ttrpc(String namespace) {
        return new Endpoint(namespace, Protocol.TTRPC, "", "");
    }

    static Endpoint of(ListenRequest r) {
        return new Endpoint(
                r.getNamespace(), Protocol.parse(r.getProtocol()), r.getSocketDir(), r.getEventsTtrpcAddress());
    }

    ListenRequest toRequest() {
        return ListenRequest.newBuilder()
                .setNamespace(namespace)
                .setProtocol(protocol.wireName())
                .setSocketDir(socketDir)
                .setEventsTtrpcAddress(eventsAddress)
                .build();
    }

    /** The socket's path; fails when it would not fit a unix socket address. */
    Path socket(StateRoot root) {
        Path dir = socketDir.isEmpty() ? root.dir() : Path.of(socketDir);
        Path socket = dir.resolve((protocol == Protocol.GRPC ? "g-" : "n-") + hash(namespace) + ".sock");
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > SUN_PATH_MAX) {
            throw CortadoException.invalidArgument(
                    "socket path %s is longer than %d bytes; use a shorter socket_dir", socket, SUN_PATH_MAX);
        }
        return socket;
    }

    static String hash(String namespace) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(namespace.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
