package dev.cortado.ttrpc.client;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.ttrpc.Envelopes;
import dev.cortado.ttrpc.MethodType;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.frame.Frame;
import dev.cortado.ttrpc.frame.FrameType;
import java.io.Closeable;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One unary ttrpc call on a fresh connection, with the JDK's blocking unix socket channel and
 * no Netty: for short-lived processes (the shim's {@code start}) where loading and starting
 * Netty's event loop costs more than the call itself (about 450 classes). Same frames and
 * errors as {@link TtrpcClient}; stream id 1; the connection is closed afterwards.
 */
public final class BlockingUnaryCall {
    private BlockingUnaryCall() {}

    /** Calls {@code method} at {@code socket}; fails with DEADLINE_EXCEEDED after {@code timeout}. */
    public static <Q, R> R call(Path socket, TtrpcMethod<Q, R> method, Q message, Duration timeout) {
        if (method.type() != MethodType.UNARY) {
            throw new IllegalArgumentException(method.fullName() + " is not unary");
        }
        Frame request = Envelopes.request(
                1,
                0,
                method.service(),
                method.name(),
                method.requestCodec().encode(message),
                timeout.toNanos(),
                List.of());
        AtomicBoolean timedOut = new AtomicBoolean();
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            // a blocking channel has no read timeout: a watchdog closes it, which ends the read (through a
            // handle of its own: the try statement still closes the channel when the call ends first)
            Closeable deadline = ch;
            Thread watchdog = new Thread(
                    () -> {
                        try {
                            Thread.sleep(timeout.toMillis());
                            timedOut.set(true);
                            deadline.close();
                        } catch (InterruptedException | IOException e) {
                            // the call finished first
                        }
                    },
                    "ttrpc-deadline");
            watchdog.setDaemon(true);
            watchdog.start();
            try {
                write(ch, request);
                Frame response = read(ch);
                if (response.type() != FrameType.RESPONSE || response.streamId() != 1) {
                    throw CortadoException.internal("ttrpc: unexpected " + response + " from " + socket, null);
                }
                return method.responseCodec().decode(Envelopes.responsePayload(response));
            } finally {
                watchdog.interrupt();
            }
        } catch (ClosedChannelException e) {
            if (timedOut.get()) {
                throw new CortadoException(
                        ErrorKind.DEADLINE_EXCEEDED, "context deadline exceeded: " + method.fullName());
            }
            throw CortadoException.unavailable("ttrpc: connection to %s closed", socket);
        } catch (IOException e) {
            throw CortadoException.unavailable("ttrpc: %s: %s", socket, e.getMessage());
        }
    }

    private static void write(SocketChannel ch, Frame frame) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(Frame.HEADER_LENGTH + frame.payload().length);
        buf.putInt(frame.payload().length)
                .putInt(frame.streamId())
                .put((byte) frame.type().wireValue())
                .put((byte) frame.flags())
                .put(frame.payload())
                .flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static Frame read(SocketChannel ch) throws IOException {
        ByteBuffer header = readFully(ch, Frame.HEADER_LENGTH);
        long length = Integer.toUnsignedLong(header.getInt());
        int streamId = header.getInt();
        int type = header.get() & 0xff;
        int flags = header.get() & 0xff;
        if (length > Frame.MAX_PAYLOAD) {
            throw Frame.oversize(length);
        }
        FrameType frameType = FrameType.fromWire(type)
                .orElseThrow(() -> CortadoException.internal("ttrpc: unknown frame type " + type, null));
        return new Frame(streamId, frameType, flags, readFully(ch, (int) length).array());
    }

    private static ByteBuffer readFully(SocketChannel ch, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new ClosedChannelException();
            }
        }
        return buf.flip();
    }
}
