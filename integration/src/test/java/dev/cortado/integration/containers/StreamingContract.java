package dev.cortado.integration.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.ExecRequest;
import dev.cortado.api.cri.v1.PortForwardRequest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cortado only: Exec and PortForward through the CRI socket, the URL they return served by
 * cortado's streaming server and spoken to with the JDK's WebSocket client as newer kubectl does
 * ({@code v5.channel.k8s.io} for exec, {@code v4.channel.k8s.io} for port-forward): stdin, stdout,
 * stderr and the exit code of a command in a running container, and an HTTP server in the pod
 * reached on the pod's own localhost.
 */
interface StreamingContract {
    Kubelet kubelet();

    TestImages images();

    @Test
    default void exec_overWebSocket_stdinStdoutStderrAndExitCode() throws Exception {
        Kubelet.Pod pod = kubelet().runPod("ctr-it-stream-exec");
        String id = kubelet()
                .run(
                        pod,
                        kubelet()
                                .container(pod, "main", images().busybox(), "sleep", "3600")
                                .build());
        String url = kubelet()
                .cri()
                .runtime()
                .exec(ExecRequest.newBuilder()
                        .setContainerId(id)
                        .addCmd("sh")
                        .addCmd("-c")
                        .addCmd("read x; echo out:$x; echo err >&2; exit 3")
                        .setStdin(true)
                        .setStdout(true)
                        .setStderr(true)
                        .build())
                .getUrl();
        assertThat(url).startsWith("http://127.0.0.1:").contains("/exec/");

        Channels session = new Channels();
        WebSocket ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("v5.channel.k8s.io")
                .buildAsync(URI.create(url.replace("http://", "ws://")), session)
                .get(20, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(new byte[] {0, 'h', 'i', '\n'}), true).get(20, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 255, 0}), true).get(20, TimeUnit.SECONDS); // stdin EOF
        assertThat(session.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(session.text(1)).isEqualTo("out:hi\n");
        assertThat(session.text(2)).isEqualTo("err\n");
        assertThat(session.text(3))
                .contains("\"reason\":\"NonZeroExitCode\"")
                .contains("{\"reason\":\"ExitCode\",\"message\":\"3\"}");
        // the exec is deleted and its fifos removed: a second one finds the container as before
        assertThat(kubelet()
                        .cri()
                        .execSync(id, Duration.ofSeconds(10), "ls", "/")
                        .getExitCode())
                .isZero();
    }

    @Test
    default void portForward_overWebSocket_reachesAServerOnThePodsLocalhost() throws Exception {
        Kubelet.Pod pod = kubelet().runPod("ctr-it-stream-pf");
        String id = kubelet()
                .run(
                        pod,
                        kubelet()
                                .container(
                                        pod,
                                        "web",
                                        images().busybox(),
                                        "sh",
                                        "-c",
                                        "busybox mkdir -p /tmp/www && echo hello-from-pod > /tmp/www/index.html"
                                                + " && exec busybox httpd -f -p 127.0.0.1:8080 -h /tmp/www")
                                .build());
        Kubelet.await(
                "httpd listening in the pod",
                () -> kubelet()
                                .cri()
                                .execSync(
                                        id,
                                        Duration.ofSeconds(5),
                                        "busybox",
                                        "wget",
                                        "-q",
                                        "-O",
                                        "-",
                                        "http://127.0.0.1:8080/index.html")
                                .getExitCode()
                        == 0);
        String url = kubelet()
                .cri()
                .runtime()
                .portForward(PortForwardRequest.newBuilder()
                        .setPodSandboxId(pod.id())
                        .addPort(8080)
                        .build())
                .getUrl();

        Channels session = new Channels();
        WebSocket ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("v4.channel.k8s.io")
                .buildAsync(URI.create(url.replace("http://", "ws://")), session)
                .get(20, TimeUnit.SECONDS);
        byte[] get = "\0GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        ws.sendBinary(ByteBuffer.wrap(get), true).get(20, TimeUnit.SECONDS);
        assertThat(session.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1000);
        byte[] data = session.bytes(0);
        assertThat(data).startsWith((byte) (8080 & 0xFF), (byte) (8080 >> 8)); // each channel starts with its port
        String reply = new String(data, 2, data.length - 2, StandardCharsets.US_ASCII);
        assertThat(reply).startsWith("HTTP/1.").contains(" 200 OK").endsWith("hello-from-pod\n");
        assertThat(session.bytes(1)).hasSize(2); // the error channel: its port, no error
    }

    @Test
    default void exec_withTty_resizeShowsInSttySize() throws Exception {
        Kubelet.Pod pod = kubelet().runPod("ctr-it-stream-tty");
        String id = kubelet()
                .run(
                        pod,
                        kubelet()
                                .container(pod, "main", images().busybox(), "sleep", "3600")
                                .build());
        String url = kubelet()
                .cri()
                .runtime()
                .exec(ExecRequest.newBuilder()
                        .setContainerId(id)
                        .addCmd("sh")
                        .addCmd("-c")
                        .addCmd("read x; busybox stty size; exit 5")
                        .setStdin(true)
                        .setStdout(true)
                        .setTty(true)
                        .build())
                .getUrl();

        Channels session = new Channels();
        WebSocket ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("v5.channel.k8s.io")
                .buildAsync(URI.create(url.replace("http://", "ws://")), session)
                .get(20, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(("\4{\"Width\":91,\"Height\":37}").getBytes(StandardCharsets.US_ASCII)), true)
                .get(20, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(new byte[] {0, 'g', 'o', '\n'}), true).get(20, TimeUnit.SECONDS);
        assertThat(session.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(session.text(1))
                .as("a terminal: input echoed, CRLF line ends, the size set by the resize")
                .contains("go\r\n")
                .contains("37 91\r\n");
        assertThat(session.text(2)).isEmpty();
        assertThat(session.text(3)).contains("{\"reason\":\"ExitCode\",\"message\":\"5\"}");
    }

    @Test
    default void exec_clientDisappears_execIsKilled() throws Exception {
        Kubelet.Pod pod = kubelet().runPod("ctr-it-stream-gone");
        String id = kubelet()
                .run(
                        pod,
                        kubelet()
                                .container(pod, "main", images().busybox(), "sleep", "3600")
                                .build());
        String url = kubelet()
                .cri()
                .runtime()
                .exec(ExecRequest.newBuilder()
                        .setContainerId(id)
                        .addCmd("sh")
                        .addCmd("-c")
                        .addCmd("echo started; exec sleep 3601")
                        .setStdout(true)
                        .setStderr(true)
                        .build())
                .getUrl();
        Channels session = new Channels();
        WebSocket ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("v5.channel.k8s.io")
                .buildAsync(URI.create(url.replace("http://", "ws://")), session)
                .get(20, TimeUnit.SECONDS);
        Kubelet.await("the exec started", () -> session.text(1).equals("started\n"));
        assertThat(processes(id)).contains("sleep 3601");

        ws.abort(); // the client vanishes without closing
        Kubelet.await("the exec killed", () -> !processes(id).contains("sleep 3601"));
    }

    @Test
    default void exec_twentySessionsInARow_andA20MiBPortForward_measured() throws Exception {
        Kubelet.Pod pod = kubelet().runPod("ctr-it-stream-measure");
        String id = kubelet()
                .run(
                        pod,
                        kubelet()
                                .container(
                                        pod,
                                        "web",
                                        images().busybox(),
                                        "sh",
                                        "-c",
                                        "busybox mkdir -p /tmp/www && head -c 20971520 /dev/zero > /tmp/www/big"
                                                + " && exec busybox httpd -f -p 127.0.0.1:8080 -h /tmp/www")
                                .build());
        long[] micros = new long[20];
        for (int i = 0; i < micros.length; i++) {
            long start = System.nanoTime();
            String url = kubelet()
                    .cri()
                    .runtime()
                    .exec(ExecRequest.newBuilder()
                            .setContainerId(id)
                            .addCmd("echo")
                            .addCmd("n" + i)
                            .setStdout(true)
                            .build())
                    .getUrl();
            Channels session = new Channels();
            HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .subprotocols("v5.channel.k8s.io")
                    .buildAsync(URI.create(url.replace("http://", "ws://")), session)
                    .get(20, TimeUnit.SECONDS);
            assertThat(session.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1000);
            micros[i] = (System.nanoTime() - start) / 1000;
            assertThat(session.text(1)).isEqualTo("n" + i + "\n");
            assertThat(session.text(3)).contains("Success");
        }
        java.util.Arrays.sort(micros);
        Kubelet.await(
                "httpd listening in the pod",
                () -> kubelet()
                                .cri()
                                .execSync(
                                        id,
                                        Duration.ofSeconds(5),
                                        "busybox",
                                        "wget",
                                        "-q",
                                        "-O",
                                        "/dev/null",
                                        "http://127.0.0.1:8080/big")
                                .getExitCode()
                        == 0);
        String url = kubelet()
                .cri()
                .runtime()
                .portForward(PortForwardRequest.newBuilder()
                        .setPodSandboxId(pod.id())
                        .addPort(8080)
                        .build())
                .getUrl();
        long start = System.nanoTime();
        Channels session = new Channels();
        WebSocket ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("v4.channel.k8s.io")
                .buildAsync(URI.create(url.replace("http://", "ws://")), session)
                .get(20, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap("\0GET /big HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), true)
                .get(20, TimeUnit.SECONDS);
        assertThat(session.closed.get(60, TimeUnit.SECONDS)).isEqualTo(1000);
        double seconds = (System.nanoTime() - start) / 1e9;
        byte[] data = session.bytes(0);
        String head = new String(data, 2, Math.min(200, data.length - 2), StandardCharsets.US_ASCII);
        assertThat(head).contains(" 200 OK").contains("Content-Length: 20971520");
        assertThat(data.length - 2 - head.indexOf("\r\n\r\n") - 4)
                .as("the whole body")
                .isEqualTo(20971520);
        System.out.printf(
                "streaming measured: exec round trip (Exec RPC + WebSocket session of echo) p50 %.1f ms,"
                        + " max %.1f ms; port-forward of 20 MiB over WebSocket: %.2f s, %.0f MiB/s%n",
                micros[10] / 1000.0, micros[19] / 1000.0, seconds, 20 / seconds);
    }

    private String processes(String id) {
        return kubelet()
                .cri()
                .execSync(id, Duration.ofSeconds(10), "ps", "-o", "args")
                .getStdout()
                .toString(StandardCharsets.UTF_8);
    }

    /** Collects the payload of each channel (first byte of a binary message) until the server closes. */
    final class Channels implements WebSocket.Listener {
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        /** The client's socket, where a test keeps it to send on. */
        volatile WebSocket socket;

        private final Map<Integer, ByteArrayOutputStream> channels = new ConcurrentHashMap<>();
        private final ByteArrayOutputStream message = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            message.writeBytes(b);
            if (last) {
                byte[] all = message.toByteArray();
                message.reset();
                if (all.length > 0) {
                    channels.computeIfAbsent(all[0] & 0xFF, k -> new ByteArrayOutputStream())
                            .write(all, 1, all.length - 1);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        byte[] bytes(int channel) {
            return channels.getOrDefault(channel, new ByteArrayOutputStream()).toByteArray();
        }

        String text(int channel) {
            return new String(bytes(channel), StandardCharsets.UTF_8);
        }
    }
}
