package dev.cortado.cri.streaming.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Both directions of a forwarded connection, with half-close, against a loopback server. */
class PortCopyTest {
    @Test
    void clientEof_halfClosesTheSocket_andTheTargetsReplyStillArrives() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // answers only after the client's EOF: proves the EOF went through as a half-close
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept();
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream()) {
                    byte[] all = in.readAllBytes();
                    out.write(("got " + all.length + ":" + new String(all, StandardCharsets.US_ASCII))
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            SocketChannel socket =
                    SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            ClosingOutput toClient = new ClosingOutput();
            PortCopy.run(socket, new ByteArrayInputStream("hello".getBytes(StandardCharsets.US_ASCII)), toClient, "t");
            served.get(10, TimeUnit.SECONDS);
            assertThat(toClient.toString(StandardCharsets.US_ASCII)).isEqualTo("got 5:hello");
            assertThat(toClient.closed)
                    .as("the target's EOF closes the way to the client")
                    .isTrue();
            socket.close();
        }
    }

    @Test
    @SuppressWarnings("try") // the resource is held open for the body (or closed early on purpose)
    void closedSocket_endsBothDirections() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SocketChannel socket =
                    SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            try (Socket accepted = server.accept()) {
                java.io.PipedOutputStream clientSide = new java.io.PipedOutputStream();
                java.io.PipedInputStream fromClient = new java.io.PipedInputStream(clientSide); // never ends by itself
                CompletableFuture<Void> copy = CompletableFuture.runAsync(() -> {
                    try {
                        PortCopy.run(socket, fromClient, new ClosingOutput(), "t");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(200);
                PortCopy.closeQuietly(socket); // what a cancelled session does; the client's stream stays open
                copy.get(10, TimeUnit.SECONDS);
                clientSide.close();
                assertThat(socket.isOpen()).isFalse();
            }
        }
    }

    private static final class ClosingOutput extends ByteArrayOutputStream {
        volatile boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }
}
