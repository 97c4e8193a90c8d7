package dev.cortado.ttrpc;

import dev.cortado.transport.UnixSocketBinding;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/** A filesystem unix domain socket through Netty's native epoll transport. */
record UnixSocketTransport(Path path) implements TtrpcTransport {

    @Override
    public EventLoopGroup newEventLoopGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory());
    }

    @Override
    public Class<? extends ServerChannel> serverChannelType() {
        return EpollServerDomainSocketChannel.class;
    }

    @Override
    public Class<? extends Channel> channelType() {
        return EpollDomainSocketChannel.class;
    }

    @Override
    public SocketAddress address() {
        return new DomainSocketAddress(path.toFile());
    }

    /** SO_PEERCRED of the connection: the uid the kernel recorded when the peer connected. */
    @Override
    public OptionalInt peerUid(Channel channel) {
        if (!(channel instanceof EpollDomainSocketChannel socket)) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(socket.peerCredentials().uid());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SO_PEERCRED of " + path, e);
        }
    }

    /** SO_PEERCRED of the connection: the gid the kernel recorded when the peer connected. */
    @Override
    public OptionalInt peerGid(Channel channel) {
        if (!(channel instanceof EpollDomainSocketChannel socket)) {
            return OptionalInt.empty();
        }
        try {
            int[] gids = socket.peerCredentials().gids();
            return gids.length == 0 ? OptionalInt.empty() : OptionalInt.of(gids[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SO_PEERCRED of " + path, e);
        }
    }

    @Override
    public void prepareBind() {
        UnixSocketBinding.prepare(path);
    }

    @Override
    public void cleanUp() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove socket " + path, e);
        }
    }

    @Override
    public String toString() {
        return "unix://" + path;
    }
}
