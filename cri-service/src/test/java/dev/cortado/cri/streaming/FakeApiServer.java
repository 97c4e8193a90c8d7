package dev.cortado.cri.streaming;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Just enough of a Kubernetes API server for {@code kubectl exec} and {@code port-forward}: discovery of core/v1 pods, a
 * running pod {@code x} with container {@code c}, and the pod's {@code exec} and {@code portforward} subresources tunnelled
 * byte for byte to a fresh streaming URL (path rewritten, headers kept), as the apiserver and
 * kubelet proxy it. So kubectl's own client-go (WebSocket v5, or SPDY) talks to our server.
 */
final class FakeApiServer implements AutoCloseable {
    private static final String POD =
            "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\",\"namespace\":\"default\"},"
                    + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]},\"status\":{\"phase\":\"Running\"}}";
    private static final String RESOURCES =
            "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"v1\",\"resources\":["
                    + "{\"name\":\"pods\",\"singularName\":\"pod\",\"namespaced\":true,\"kind\":\"Pod\",\"verbs\":[\"get\",\"list\"],\"shortNames\":[\"po\"]},"
                    + "{\"name\":\"pods/exec\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"PodExecOptions\",\"verbs\":[\"create\",\"get\"]},"
                    + "{\"name\":\"pods/portforward\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"PodPortForwardOptions\",\"verbs\":[\"create\",\"get\"]}]}";

    private final ServerSocket socket;
    private final Supplier<String> streamUrl;

    /** {@code streamUrl} gives a fresh streaming URL for each exec or portforward request. */
    FakeApiServer(Supplier<String> streamUrl) throws IOException {
        this.streamUrl = streamUrl;
        this.socket = new ServerSocket(0);
        Thread t = new Thread(this::acceptLoop, "fake-apiserver");
        t.setDaemon(true);
        t.start();
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void acceptLoop() {
        while (true) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> serve(s));
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String path = URI.create(head.split(" ")[1]).getPath();
                if (path.endsWith("/pods/x/exec") || path.endsWith("/pods/x/portforward")) {
                    tunnel(head, in, out);
                    return;
                }
                String body = path.equals("/api")
                        ? "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}"
                        : path.equals("/apis")
                                ? "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}"
                                : path.equals("/api/v1")
                                        ? RESOURCES
                                        : path.equals("/api/v1/namespaces/default/pods/x")
                                                ? POD
                                                : path.equals("/version")
                                                        ? "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.4\"}"
                                                        : null;
                byte[] bytes = (body == null
                                ? "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}"
                                : body)
                        .getBytes(StandardCharsets.UTF_8);
                out.write(((body == null ? "HTTP/1.1 404 Not Found" : "HTTP/1.1 200 OK")
                                + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
            }
        } catch (IOException ignored) {
            // client gone
        }
    }

    private void tunnel(String head, InputStream in, OutputStream out) throws IOException {
        URI target = URI.create(streamUrl.get());
        String[] lines = head.split("\r\n", 2);
        String[] requestLine = lines[0].split(" ");
        try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
            upstream.getOutputStream()
                    .write((requestLine[0] + " " + target.getRawPath() + " " + requestLine[2] + "\r\n" + lines[1]
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            Thread up = new Thread(() -> {
                try {
                    in.transferTo(upstream.getOutputStream());
                    upstream.shutdownOutput();
                } catch (IOException ignored) {
                    // either side gone
                }
            });
            up.setDaemon(true);
            up.start();
            upstream.getInputStream().transferTo(out);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int c; (c = in.read()) >= 0; ) {
            head.write(c);
            matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
            if (matched == 4) {
                String text = head.toString(StandardCharsets.ISO_8859_1);
                return text.substring(0, text.length() - 4);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
