package dev.cortado.transport;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * gRPC over filesystem unix sockets with Netty epoll, set up the same way for every server and
 * client of the project (CRI server, shim task v3 server, their clients and tests).
 */
public final class UnixGrpc {
    private UnixGrpc() {}

    /** A server builder bound to {@code socket}; the caller owns and shuts down the groups. */
    public static NettyServerBuilder serverBuilder(Path socket, EventLoopGroup boss, EventLoopGroup workers) {
        return NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                // unix sockets have no keepalive; grpc sets it by default and Netty warns
                .withChildOption(ChannelOption.SO_KEEPALIVE, null);
    }

    /** An epoll event loop group with {@code threads} threads. */
    public static EventLoopGroup eventLoops(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory());
    }

    /** Opens a plaintext channel to a unix socket; closing it also stops its event loop. */
    public static Channel channel(Path socket) {
        EventLoopGroup group = eventLoops(1);
        ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .eventLoopGroup(group)
                .channelType(EpollDomainSocketChannel.class)
                .withOption(ChannelOption.SO_KEEPALIVE, null)
                .usePlaintext()
                .build();
        return new Channel(channel, group);
    }

    /** A client channel and the event loop it runs on. */
    public record Channel(ManagedChannel managed, EventLoopGroup group) implements AutoCloseable {
        @Override
        public void close() {
            managed.shutdownNow();
            try {
                managed.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
