package dev.cortado.cri.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.streaming.tls.StreamingTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The streaming server with {@code enable_tls} and no files: a self-signed certificate, https URLs;
 * a client that trusts that certificate runs exec over SPDY and over WebSocket (wss), a client with
 * only the JDK's CAs is refused in the handshake, and a plain-HTTP client gets no HTTP answer.
 */
class TlsStreamingTest {
    private final StreamingServer server =
            StreamingServer.start(StreamingConfig.defaults().withTls(new StreamingTls.SelfSigned()), new FakeRuntime());

    @AfterEach
    void stop() {
        server.close();
    }

    private String execUrl(String... cmd) {
        return server.url(new StreamRequest.Exec("running", List.of(cmd), new StreamOptions(true, true, true, false)));
    }

    /** An SSLContext whose only trust anchor is {@code cert}. */
    static SSLContext trusting(X509Certificate cert) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("streaming", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    @Test
    void selfSigned_urlIsHttps_andCertificateNamesLoopback() throws Exception {
        assertThat(execUrl("true"))
                .startsWith("https://127.0.0.1:" + server.address().getPort() + "/exec/");
        X509Certificate cert = server.certificate().orElseThrow();
        cert.checkValidity();
        assertThat(cert.getSubjectAlternativeNames())
                .extracting(n -> (Object) n.get(1))
                .contains((Object) "localhost", "127.0.0.1");
    }

    @Test
    void spdyExec_clientTrustingTheCertificate_runsOverTls() throws Exception {
        try (SpdyTestClient c = new SpdyTestClient(
                execUrl("sh", "-c", "read x; echo tls:$x; exit 3"),
                trusting(server.certificate().orElseThrow()),
                "v4.channel.k8s.io")) {
            assertThat(c.socket).isInstanceOf(javax.net.ssl.SSLSocket.class);
            assertThat(c.status).isEqualTo(101);
            int error = c.open("streamType", "error");
            int in = c.open("streamType", "stdin");
            int out = c.open("streamType", "stdout");
            c.open("streamType", "stderr");
            c.send(in, "spdy\n");
            c.fin(in);
            assertThat(c.awaitEnd(out, 20).text()).isEqualTo("tls:spdy\n");
            assertThat(c.awaitEnd(error, 20).text()).contains("{\"reason\":\"ExitCode\",\"message\":\"3\"}");
        }
    }

    @Test
    void webSocketExec_clientTrustingTheCertificate_runsOverWss() throws Exception {
        WebSocketExecTest.Collector collector = new WebSocketExecTest.Collector();
        HttpClient client = HttpClient.newBuilder()
                .sslContext(trusting(server.certificate().orElseThrow()))
                .build();
        WebSocket ws = client.newWebSocketBuilder()
                .subprotocols("v5.channel.k8s.io")
                .buildAsync(URI.create(execUrl("cat").replace("https://", "wss://")), collector)
                .get(20, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(new byte[] {0, 'w', 's', 's', '\n'}), true)
                .get(20, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 255, 0}), true).get(20, TimeUnit.SECONDS);
        assertThat(collector.closed.get(20, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(collector.text(1)).isEqualTo("wss\n");
        assertThat(collector.text(3)).contains("Success");
    }

    @Test
    void clientNotTrustingTheCertificate_isRefusedInTheHandshake() throws Exception {
        String url = execUrl("echo", "never").replace("https://", "wss://");
        assertThatThrownBy(() -> HttpClient.newHttpClient()
                        .newWebSocketBuilder()
                        .buildAsync(URI.create(url), new WebSocketExecTest.Collector())
                        .get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasStackTraceContaining("PKIX path building failed");
        assertThatThrownBy(() -> new SpdyTestClient(execUrl("echo", "never"), "v4.channel.k8s.io"))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX path building failed");
    }

    @Test
    void plainHttpClient_getsNoHttpAnswer() throws Exception {
        String url = execUrl("echo", "never").replace("https://", "http://");
        assertThatThrownBy(() -> new SpdyTestClient(url, "v4.channel.k8s.io")).isInstanceOf(java.io.IOException.class);
    }
}
