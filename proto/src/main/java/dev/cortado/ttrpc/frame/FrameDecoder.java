package dev.cortado.ttrpc.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the byte stream into {@link Frame}s, whatever the read boundaries are.
 *
 * <p>An oversize frame becomes one {@link OversizedFrame} and its payload is skipped as it
 * arrives, possibly over many reads, without ever being buffered: ttrpc keeps the connection
 * after an oversize frame. A frame of a type this version does not know is dropped, as
 * ttrpc's server does for forward compatibility. One decoder per connection (it has state).
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDecoder.class);

    /** Bytes of an oversize payload still to be skipped. */
    private long toSkip;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            if (toSkip > 0) {
                int skipped = (int) Math.min(toSkip, in.readableBytes());
                in.skipBytes(skipped);
                toSkip -= skipped;
                if (toSkip > 0) {
                    return;
                }
            }
            if (in.readableBytes() < Frame.HEADER_LENGTH) {
                return;
            }
            int start = in.readerIndex();
            long length = in.getUnsignedInt(start);
            int streamId = in.getInt(start + 4);
            int type = in.getUnsignedByte(start + 8);
            int flags = in.getUnsignedByte(start + 9);
            if (length > Frame.MAX_PAYLOAD) {
                in.skipBytes(Frame.HEADER_LENGTH);
                toSkip = length;
                out.add(new OversizedFrame(streamId, type, flags, length));
                continue;
            }
            if (in.readableBytes() < Frame.HEADER_LENGTH + length) {
                return;
            }
            in.skipBytes(Frame.HEADER_LENGTH);
            byte[] payload = new byte[(int) length];
            in.readBytes(payload);
            FrameType.fromWire(type)
                    .ifPresentOrElse(
                            t -> out.add(new Frame(streamId, t, flags, payload)),
                            () -> LOG.debug(
                                    "ignoring frame of unknown type {} on stream {}",
                                    type,
                                    Integer.toUnsignedString(streamId)));
        }
    }
}
