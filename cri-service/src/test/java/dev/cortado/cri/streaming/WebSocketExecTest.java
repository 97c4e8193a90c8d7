package dev.cortado.cri.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Exec over WebSocket with the JDK's own client. */
class WebSocketExecTest {
    private final StreamingServer server = StreamingServer.start(StreamingConfig.defaults(), new FakeRuntime());

    @AfterEach
    void stop() {
        server.close();
    }

    /** Collects channel payloads until the server closes. */
    static final class Collector implements WebSocket.Listener {
        final Map<Integer, ByteArrayOutputStream> channels = new ConcurrentHashMap<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final ByteArrayOutputStream message = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            message.writeBytes(b);
            if (last) {
                byte[] all = message.toByteArray();
                message.reset();
                channels.computeIfAbsent(all[0] & 0xFF, k -> new ByteArrayOutputStream())
                        .write(all, 1, all.length - 1);
            }
            ws.request(1);
            return null;
        }

        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String all = text.toString();
                text.setLength(0);
                byte[] decoded = java.util.Base64.getDecoder().decode(all.substring(1));
                channels.computeIfAbsent(all.charAt(0) - '0', k -> new ByteArrayOutputStream())
                        .writeBytes(decoded);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        String text(int channel) {
            return channels.getOrDefault(channel, new ByteArrayOutputStream()).toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void v5_stdinCloseSignal_stdoutAndExitCode() throws Exception {
        String url = server.url(new StreamRequest.Exec(
                        "running", List.of("sh", "-c", "cat; exit 7"), new StreamOptions(true, true, true, false)))
                .replace("http://", "ws://");
        Collector collector = new Collector();
        WebSocket ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("v5.channel.k8s.io", "v4.channel.k8s.io")
                .buildAsync(URI.create(url), collector)
                .get(20, TimeUnit.SECONDS);
        assertThat(ws.getSubprotocol()).isEqualTo("v5.channel.k8s.io");
        ws.sendBinary(ByteBuffer.wrap(new byte[] {0, 'h', 'i', '\n'}), true).get(20, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 255, 0}), true).get(20, TimeUnit.SECONDS);
        assertThat(collector.closed.get(20, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(collector.text(1)).isEqualTo("hi\n");
        assertThat(collector.text(3))
                .contains("\"reason\":\"NonZeroExitCode\"", "{\"reason\":\"ExitCode\",\"message\":\"7\"}");
    }

    @Test
    void v4Base64_textFramesBothWays() throws Exception {
        String url = server.url(new StreamRequest.Exec(
                        "running",
                        List.of("sh", "-c", "head -c 3; echo; echo e >&2"),
                        new StreamOptions(true, true, true, false)))
                .replace("http://", "ws://");
        Collector collector = new Collector();
        WebSocket ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("v4.base64.channel.k8s.io")
                .buildAsync(URI.create(url), collector)
                .get(20, TimeUnit.SECONDS);
        assertThat(ws.getSubprotocol()).isEqualTo("v4.base64.channel.k8s.io");
        ws.sendText("0" + java.util.Base64.getEncoder().encodeToString("abc".getBytes(StandardCharsets.UTF_8)), true)
                .get(20, TimeUnit.SECONDS);
        assertThat(collector.closed.get(20, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(collector.text(1)).isEqualTo("abc\n");
        assertThat(collector.text(2)).isEqualTo("e\n");
        assertThat(collector.text(3)).isEqualTo("{\"metadata\":{},\"status\":\"Success\"}");
    }
}
