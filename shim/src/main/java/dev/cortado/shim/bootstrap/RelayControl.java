package dev.cortado.shim.bootstrap;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The server's side of the shim relay ({@code src/main/c/relay}), which holds the sockets
 * containerd connects to so that a crash of this JVM never closes them. Under a relay the
 * server serves each ttrpc socket on a private backend path ({@link #backendOf}) and asks the
 * relay to hold the public one: one line per connection on {@code CORTADO_SHIM_RELAY}
 * ({@code <root>/relay.sock}), {@code listen PUBLIC BACKEND} (ttrpc), {@code listen-bytes PUBLIC
 * BACKEND} (gRPC) or {@code hello}, answered
 * {@code ok} or {@code error <why>}.
 */
final class RelayControl {
    static final String ENV = "CORTADO_SHIM_RELAY";

    /** What every relay answers a request it does not know, among them an old one's listen-bytes. */
    static final String UNKNOWN = "error unknown request";

    private final Path socket;
    // false once the relay answered listen-bytes with UNKNOWN: a relay never learns it while it runs
    private volatile boolean bytesKnown = true;

    RelayControl(Path socket) {
        this.socket = socket;
    }

    /** The relay this server runs under, if any. */
    static Optional<RelayControl> fromEnv(Map<String, String> env) {
        String path = env.get(ENV);
        return path == null || path.isEmpty() ? Optional.empty() : Optional.of(new RelayControl(Path.of(path)));
    }

    /**
     * Where the server itself serves a socket the relay holds: {@code <root>/b/ttrpc.sock} for
     * the root's {@code ttrpc.sock} (the relay binds that one before the server runs), else
     * {@code <root>/b/<hash of the public path>.sock}, short whatever the public path is.
     */
    static Path backendOf(StateRoot root, Path publicSocket) {
        Path dir = root.dir().resolve("b");
        return publicSocket.equals(root.ttrpcSocket())
                ? dir.resolve("ttrpc.sock")
                : dir.resolve("r-" + Endpoint.hash(publicSocket.toString()) + ".sock");
    }

    /** Tells the relay the server serves: from now on its death means a restart, not the end. */
    void hello() {
        call("hello");
    }

    /**
     * Has the relay hold {@code publicSocket} and relay its connections to {@code backend}, frame
     * by frame (ttrpc): they outlive this server.
     */
    void listen(Path publicSocket, Path backend) {
        call("listen " + checked(publicSocket) + " " + backend);
    }

    /**
     * Has the relay hold {@code publicSocket} and copy its connections to {@code backend} byte for
     * byte (gRPC): the socket outlives this server, its connections do not (HTTP/2 keeps state
     * only this server has), and connections made while no server runs wait for the next one.
     *
     * @return false when the relay predates {@code listen-bytes} (a relay started by an older
     *     install keeps running across an upgrade, and answers "error unknown request"): it holds
     *     nothing, and the server must serve {@code publicSocket} itself
     */
    boolean listenBytes(Path publicSocket, Path backend) {
        if (!bytesKnown) {
            return false;
        }
        String line = "listen-bytes " + checked(publicSocket) + " " + backend;
        String answer = ask(line);
        if (answer.equals(UNKNOWN)) {
            bytesKnown = false;
            return false;
        }
        refusedUnlessOk(line, answer);
        return true;
    }

    private static String checked(Path publicSocket) {
        String pub = publicSocket.toString();
        if (pub.chars().anyMatch(c -> c <= ' ')) {
            throw CortadoException.invalidArgument("socket path %s has a space or control character", pub);
        }
        return pub;
    }

    private void call(String line) {
        refusedUnlessOk(line, ask(line));
    }

    private void refusedUnlessOk(String line, String answer) {
        if (!answer.equals("ok")) {
            throw new CortadoException(
                    ErrorKind.INTERNAL,
                    "shim relay on " + socket + " refused '" + line + "': "
                            + (answer.isEmpty() ? "no answer" : answer));
        }
    }

    /** Sends one control line, returns the relay's one-line answer (empty if it said nothing). */
    private String ask(String line) {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteBuffer reply = ByteBuffer.allocate(256);
            while (ch.read(reply) >= 0 && reply.hasRemaining()) {
                if (reply.position() > 0 && reply.get(reply.position() - 1) == '\n') {
                    break;
                }
            }
            return new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.UNAVAILABLE, "shim relay on " + socket + " (" + line + ")", e);
        }
    }
}
