package dev.cortado.ttrpc.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes a {@link Frame} as the 10-byte big-endian header followed by its payload. */
@Sharable
public final class FrameEncoder extends MessageToByteEncoder<Frame> {
    public FrameEncoder() {
        super(Frame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
        writeTo(frame, out);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Frame frame, boolean preferDirect) {
        int size = Frame.HEADER_LENGTH + frame.payload().length;
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    /** The wire form of one frame; Netty's ByteBuf is big-endian, as ttrpc requires. */
    public static void writeTo(Frame frame, ByteBuf out) {
        out.writeInt(frame.payload().length);
        out.writeInt(frame.streamId());
        out.writeByte(frame.type().wireValue());
        out.writeByte(frame.flags());
        out.writeBytes(frame.payload());
    }
}
