package dev.cortado.ttrpc;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Where ttrpc bytes travel: a unix domain socket through Netty epoll in production, or
 * Netty's in-memory channels so that the same contract tests run without a socket.
 */
public interface TtrpcTransport {
    /** An event loop group of {@code threads} threads for this transport's channels. */
    EventLoopGroup newEventLoopGroup(int threads);

    Class<? extends ServerChannel> serverChannelType();

    Class<? extends Channel> channelType();

    SocketAddress address();

    /** The uid of the process at the other end of an accepted channel, when the transport knows it. */
    OptionalInt peerUid(Channel channel);

    /** The primary gid of the process at the other end, when the transport knows it. */
    default OptionalInt peerGid(Channel channel) {
        return OptionalInt.empty();
    }

    /**
     * Makes the address bindable: removes a stale socket file, and refuses a live one, since
     * Netty's epoll bind would silently unlink a path that is in use.
     */
    void prepareBind();

    /** Removes what binding left behind (the socket file); called after the server closed. */
    void cleanUp();

    /** A filesystem unix domain socket at {@code path} (never abstract), served with Netty epoll. */
    static TtrpcTransport unixSocket(Path path) {
        return new UnixSocketTransport(path);
    }

    /** An in-memory endpoint named {@code name}, reachable only inside this JVM. */
    static TtrpcTransport inMemory(String name) {
        return new InMemoryTransport(name);
    }
}
