package dev.cortado.cri.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Port forward over SPDY to a local echo server standing in for a server in the pod. */
class PortForwardTest {
    private final FakeRuntime runtime = new FakeRuntime();
    private StreamingServer server;
    private ServerSocket echo;

    @BeforeEach
    void start() throws IOException {
        server = StreamingServer.start(StreamingConfig.defaults(), runtime);
        echo = new ServerSocket(0);
        Thread accept = new Thread(() -> {
            while (true) {
                try {
                    Socket s = echo.accept();
                    Thread t = new Thread(() -> {
                        try (s;
                                InputStream in = s.getInputStream()) {
                            in.transferTo(s.getOutputStream());
                            s.shutdownOutput();
                        } catch (IOException ignored) {
                            // client gone
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        accept.setDaemon(true);
        accept.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        echo.close();
    }

    @Test
    void twoConcurrentConnections_oneOf50MB_arriveIntact() throws Exception {
        String url = server.url(new StreamRequest.PortForward("pod", List.of()));
        String port = Integer.toString(echo.getLocalPort());
        try (SpdyTestClient c = new SpdyTestClient(url, "portforward.k8s.io")) {
            assertThat(c.responseHeaders).containsEntry("x-stream-protocol-version", "portforward.k8s.io");
            int error1 = c.open("streamType", "error", "port", port, "requestID", "1");
            int data1 = c.open("streamType", "data", "port", port, "requestID", "1");
            int error2 = c.open("streamType", "error", "port", port, "requestID", "2");
            int data2 = c.open("streamType", "data", "port", port, "requestID", "2");
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            Random random = new Random(42);
            byte[] chunk = new byte[16 << 10];
            long start = System.nanoTime();
            int total = 50 << 20;
            for (int off = 0; off < total; off += chunk.length) {
                random.nextBytes(chunk);
                sent.update(chunk);
                c.send(data1, chunk, 0, chunk.length, false);
                if (off == (1 << 20)) {
                    c.send(data2, "second connection");
                    c.fin(data2);
                }
            }
            c.fin(data1);
            SpdyTestClient.StreamState back = c.awaitEnd(data1, 120);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("port forward echo of 50 MiB: %.2f s, %.1f MiB/s each way%n", seconds, 50 / seconds);
            assertThat(back.bytes).isEqualTo(total);
            assertThat(back.sha256()).isEqualTo(HexFormat.of().formatHex(sent.digest()));
            assertThat(c.awaitEnd(data2, 30).text()).isEqualTo("second connection");
            assertThat(c.awaitEnd(error1, 30).text()).isEmpty();
            assertThat(c.awaitEnd(error2, 30).text()).isEmpty();
        }
    }

    @Test
    void refusedConnection_isReportedOnTheErrorStream() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = server.url(new StreamRequest.PortForward("pod", List.of()));
        try (SpdyTestClient c = new SpdyTestClient(url, "portforward.k8s.io")) {
            int error = c.open("streamType", "error", "port", Integer.toString(closedPort), "requestID", "0");
            int data = c.open("streamType", "data", "port", Integer.toString(closedPort), "requestID", "0");
            assertThat(c.awaitEnd(error, 30).text())
                    .contains("error forwarding port " + closedPort, "Connection refused");
            c.awaitEnd(data, 30);
        }
    }
}
