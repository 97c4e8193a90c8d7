package dev.cortado.cri.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Port forward over WebSocket (kubelet's channel layout) with the JDK client. */
class WebSocketPortForwardTest {
    private final StreamingServer server = StreamingServer.start(StreamingConfig.defaults(), new FakeRuntime());

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void portBytesFirst_thenDataIsEchoed() throws Exception {
        try (ServerSocket echo = new ServerSocket(0)) {
            Thread t = new Thread(() -> {
                try (Socket s = echo.accept();
                        InputStream in = s.getInputStream()) {
                    byte[] buf = new byte[5];
                    int n = in.readNBytes(buf, 0, 5);
                    s.getOutputStream().write(buf, 0, n);
                    s.shutdownOutput();
                } catch (IOException ignored) {
                    // test ends
                }
            });
            t.setDaemon(true);
            t.start();
            int port = echo.getLocalPort();
            String url = server.url(new StreamRequest.PortForward("pod", List.of(port)))
                    .replace("http://", "ws://");
            WebSocketExecTest.Collector collector = new WebSocketExecTest.Collector();
            WebSocket ws = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .subprotocols("v4.channel.k8s.io")
                    .buildAsync(URI.create(url), collector)
                    .get(20, TimeUnit.SECONDS);
            ws.sendBinary(ByteBuffer.wrap(new byte[] {0, 'h', 'e', 'l', 'l', 'o'}), true)
                    .get(20, TimeUnit.SECONDS);
            assertThat(collector.closed.get(20, TimeUnit.SECONDS)).isEqualTo(1000);
            byte[] portBytes = {(byte) port, (byte) (port >> 8)};
            byte[] data = collector.channels.get(0).toByteArray();
            assertThat(data).startsWith(portBytes);
            assertThat(new String(data, 2, data.length - 2)).isEqualTo("hello");
            assertThat(collector.channels.get(1).toByteArray()).isEqualTo(portBytes);
        }
    }
}
