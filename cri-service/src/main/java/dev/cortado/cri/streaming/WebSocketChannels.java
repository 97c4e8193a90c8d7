package dev.cortado.cri.streaming;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The k8s channel framing on a WebSocket: every message starts with its channel number, a byte
 * for binary protocols or an ASCII digit followed by base64 for the base64 ones.
 */
final class WebSocketChannels {
    private final Channel channel;
    private final boolean base64;

    WebSocketChannels(Channel channel, boolean base64) {
        this.channel = channel;
        this.base64 = base64;
    }

    Channel channel() {
        return channel;
    }

    /** A pipe writing on {@code number}; closing it sends nothing (WebSocket channels have no FIN). */
    OutboundPipe out(int number) {
        return out(number, () -> {});
    }

    /** As {@link #out(int)}, running {@code onClose} when the writer closes the pipe. */
    OutboundPipe out(int number, Runnable onClose) {
        return new OutboundPipe(
                new OutboundPipe.FrameSink() {
                    @Override
                    public Future<?> send(ByteBuf data) {
                        return write(number, data);
                    }

                    @Override
                    public Future<?> finish() {
                        onClose.run();
                        return channel.newSucceededFuture();
                    }
                },
                channel.alloc());
    }

    Future<?> write(int number, ByteBuf data) {
        WebSocketFrame frame;
        if (base64) {
            byte[] bytes = new byte[data.readableBytes()];
            data.readBytes(bytes);
            data.release();
            frame = new TextWebSocketFrame(
                    (char) ('0' + number) + Base64.getEncoder().encodeToString(bytes));
        } else {
            ByteBuf framed = channel.alloc()
                    .buffer(1 + data.readableBytes())
                    .writeByte(number)
                    .writeBytes(data);
            data.release();
            frame = new BinaryWebSocketFrame(framed);
        }
        return channel.writeAndFlush(frame);
    }

    /** Decodes an incoming message to (channel, payload); null for an empty or garbled one. */
    Message decode(WebSocketFrame frame) {
        ByteBuf content = frame.content();
        if (!content.isReadable()) {
            return null;
        }
        if (frame instanceof TextWebSocketFrame || base64) {
            String text = content.toString(StandardCharsets.US_ASCII);
            int number = text.charAt(0) - '0';
            try {
                return new Message(
                        number, Unpooled.wrappedBuffer(Base64.getDecoder().decode(text.substring(1))));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        int number = content.readUnsignedByte();
        return new Message(number, content.retainedSlice());
    }

    record Message(int channel, ByteBuf data) {}

    /** Ends the session: a normal close frame, then the connection. */
    void close() {
        channel.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
    }
}
