package dev.cortado.ttrpc;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.net.SocketAddress;
import java.util.OptionalInt;

/** Netty's in-JVM channels; there is no peer process, so there are no peer credentials. */
record InMemoryTransport(String name) implements TtrpcTransport {

    @Override
    public EventLoopGroup newEventLoopGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, LocalIoHandler.newFactory());
    }

    @Override
    public Class<? extends ServerChannel> serverChannelType() {
        return LocalServerChannel.class;
    }

    @Override
    public Class<? extends Channel> channelType() {
        return LocalChannel.class;
    }

    @Override
    public SocketAddress address() {
        return new LocalAddress(name);
    }

    @Override
    public OptionalInt peerUid(Channel channel) {
        return OptionalInt.empty();
    }

    @Override
    public void prepareBind() {
        // binding a name that is taken fails by itself
    }

    @Override
    public void cleanUp() {
        // nothing on disk
    }

    @Override
    public String toString() {
        return "local:" + name;
    }
}
