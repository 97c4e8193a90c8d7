package dev.cortado.cri.streaming.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one forwarded connection both ways with half-close, as kubelet's port forwarder does:
 * the client's EOF shuts the socket's output down, the target's EOF closes the way to the
 * client; it ends when both directions are done. Closing the socket (a cancelled session) ends
 * both at once.
 */
final class PortCopy {
    private static final Logger LOG = LoggerFactory.getLogger(PortCopy.class);
    private static final int BUFFER = 32 * 1024;

    private PortCopy() {}

    static void run(SocketChannel socket, InputStream fromClient, OutputStream toClient, String name)
            throws IOException, InterruptedException {
        AtomicReference<IOException> upFailure = new AtomicReference<>();
        Thread up = new Thread(
                () -> {
                    try {
                        clientToSocket(fromClient, socket);
                    } catch (IOException e) {
                        upFailure.set(e);
                        closeQuietly(socket); // the other direction cannot go on meaningfully either
                    }
                },
                name + "-up");
        up.setDaemon(true);
        up.start();
        try {
            socketToClient(socket, toClient);
            if (!socket.isOpen()) {
                up.interrupt(); // cancelled: the client's stream may never end by itself (its read is interruptible)
                return;
            }
            up.join();
        } finally {
            if (up.isAlive()) {
                closeQuietly(socket);
                up.interrupt();
            }
        }
        IOException e = upFailure.get();
        if (e != null && socket.isOpen()) {
            throw e;
        }
    }

    private static void clientToSocket(InputStream fromClient, SocketChannel socket) throws IOException {
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = fromClient.read(buf)) >= 0) {
            ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
            while (b.hasRemaining()) {
                socket.write(b);
            }
        }
        if (socket.isOpen()) {
            socket.shutdownOutput();
        }
    }

    private static void socketToClient(SocketChannel socket, OutputStream toClient) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        try {
            while (socket.read(buf) >= 0) {
                buf.flip();
                toClient.write(buf.array(), 0, buf.remaining());
                toClient.flush();
                buf.clear();
            }
        } catch (IOException e) {
            if (socket.isOpen()) {
                throw e;
            }
            LOG.debug("port forward: socket closed while reading: {}", e.toString());
        } finally {
            toClient.close();
        }
    }

    static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("port forward: close: {}", e.toString());
        }
    }
}
