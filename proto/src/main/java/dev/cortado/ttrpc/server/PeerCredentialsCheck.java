package dev.cortado.ttrpc.server;

import dev.cortado.ttrpc.TtrpcTransport;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a new connection whose peer runs under another uid or gid, before it can send a frame.
 *
 * <p>containerd's shims serve ttrpc with {@code UnixSocketRequireSameUser()}, a handshake
 * that reads SO_PEERCRED; this is the same check. Transports without credentials (in memory)
 * are not checked.
 */
@Sharable
final class PeerCredentialsCheck extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(PeerCredentialsCheck.class);

    private final TtrpcTransport transport;
    private final int expectedUid;
    private final int expectedGid;

    PeerCredentialsCheck(TtrpcTransport transport, int expectedUid, int expectedGid) {
        this.transport = transport;
        this.expectedUid = expectedUid;
        this.expectedGid = expectedGid;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        OptionalInt uid = transport.peerUid(ctx.channel());
        if (uid.isPresent() && uid.getAsInt() != expectedUid) {
            LOG.warn(
                    "ttrpc: refusing connection on {} from uid {}: only uid {} may connect",
                    transport,
                    Integer.toUnsignedString(uid.getAsInt()),
                    Integer.toUnsignedString(expectedUid));
            ctx.close();
            return;
        }
        // ttrpc's UnixSocketRequireSameUser compares the gid too
        OptionalInt gid = transport.peerGid(ctx.channel());
        if (gid.isPresent() && gid.getAsInt() != expectedGid) {
            LOG.warn(
                    "ttrpc: refusing connection on {} from gid {}: only gid {} may connect",
                    transport,
                    Integer.toUnsignedString(gid.getAsInt()),
                    Integer.toUnsignedString(expectedGid));
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }

    /** The effective gid of this process: the group of {@code /proc/self}. */
    static int currentGid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the gid of this process from /proc/self", e);
        }
    }

    /** The effective uid of this process: the owner of {@code /proc/self}. */
    static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uid of this process from /proc/self", e);
        }
    }
}
