package dev.cortado.ttrpc;

import dev.cortado.ttrpc.frame.Frame;
import dev.cortado.ttrpc.frame.FrameEncoder;
import dev.cortado.ttrpc.frame.FrameType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A hand-driven ttrpc peer on a JDK unix socket: writes and reads frames byte by byte, so tests
 * can send what a well-behaved client never would. Reads block; the test's timeout ends them.
 */
public final class RawPeer implements AutoCloseable {
    private final SocketChannel socket;

    public RawPeer(SocketChannel socket) {
        this.socket = socket;
    }

    public static RawPeer connect(Path path) {
        try {
            return new RawPeer(SocketChannel.open(UnixDomainSocketAddress.of(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(Frame frame) {
        ByteBuf buf = Unpooled.buffer();
        FrameEncoder.writeTo(frame, buf);
        writeBytes(buf.nioBuffer());
        buf.release();
    }

    /** Writes raw bytes, e.g. a header that declares more than 4 MiB. */
    public void writeBytes(ByteBuffer bytes) {
        try {
            while (bytes.hasRemaining()) {
                socket.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one whole frame. */
    public Frame read() {
        ByteBuffer header = readExactly(Frame.HEADER_LENGTH);
        int length = header.getInt();
        int streamId = header.getInt();
        FrameType type = FrameType.fromWire(header.get() & 0xff).orElseThrow();
        int flags = header.get() & 0xff;
        return new Frame(streamId, type, flags, readExactly(length).array());
    }

    /** Reads one frame as its raw bytes, header included, for golden comparisons. */
    public byte[] readRaw() {
        ByteBuffer header = readExactly(Frame.HEADER_LENGTH);
        int length = header.getInt(0);
        byte[] all = new byte[Frame.HEADER_LENGTH + length];
        header.rewind();
        header.get(all, 0, Frame.HEADER_LENGTH);
        readExactly(length).get(all, Frame.HEADER_LENGTH, length);
        return all;
    }

    /** Whether the other side closed the connection (reads end of stream). */
    public boolean isClosedByPeer() {
        try {
            return socket.read(ByteBuffer.allocate(1)) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private ByteBuffer readExactly(int length) {
        ByteBuffer buf = ByteBuffer.allocate(length);
        try {
            while (buf.hasRemaining()) {
                if (socket.read(buf) < 0) {
                    throw new EOFException("peer closed after " + buf.position() + " of " + length + " bytes");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.flip();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
