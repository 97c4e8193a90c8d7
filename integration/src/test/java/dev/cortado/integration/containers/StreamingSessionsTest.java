package dev.cortado.integration.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.api.cri.v1.ExecRequest;
import dev.cortado.integration.containerd.HostCleanup;
import dev.cortado.integration.cri.SpdyClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Cortado only: the streaming server with TLS from an operator's key pair ({@code [streaming]
 * enable_tls}, a P-256 key and certificate made by openssl), reached as kubelet and crictl reach
 * it: Exec through the CRI socket, then the https URL with two independent clients, SPDY
 * ({@link SpdyClient}) and the JDK's WebSocket. A client that does not trust the certificate is
 * refused; fifty sessions at once each get their own stdin, output and exit code, and afterwards
 * no exec process, fd or socket is left in the daemon or the shim.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamingSessionsTest {
    private static final String MARKER = "ctr-it-fifty";
    private Path dir;
    private ImageRegistry registry;
    private CortadoRuntime cortado;
    private Kubelet kubelet;
    private SSLContext trusting;
    private String container;

    @BeforeAll
    void start() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "containers need root: mounts, cgroups, netns");
        assumeTrue(
                Files.isExecutable(ImageRegistry.BINARY), "needs docker-registry (apt-get install -y docker-registry)");
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/openssl")),
                "needs openssl to make the key pair (apt-get install -y openssl)");
        assumeTrue(
                ContainerdRuntime.unavailable().isEmpty(),
                ContainerdRuntime.unavailable().orElse(""));
        dir = Files.createTempDirectory(Path.of("/tmp"), "ctr-it-streamtls");
        Process openssl = new ProcessBuilder(
                        "/usr/bin/openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:prime256v1",
                        "-nodes",
                        "-keyout",
                        "streaming.key",
                        "-out",
                        "streaming.crt",
                        "-days",
                        "2",
                        "-subj",
                        "/CN=ctr-it-streaming",
                        "-addext",
                        "subjectAltName=IP:127.0.0.1")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String log = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.waitFor()).as("openssl: " + log).isZero();
        trusting = trusting(dir.resolve("streaming.crt"));
        registry = ImageRegistry.start(dir.resolve("registry"));
        String busybox = registry.push("ctr-it/busybox", "1", new OciImage.Builder().build());
        cortado = CortadoRuntime.start("", RuntimeUnderTest.uniqueNetwork('t'), """
                [streaming]
                enable_tls = true
                tls_cert_file = "%1$s/streaming.crt"
                tls_key_file = "%1$s/streaming.key"
                """.formatted(dir));
        kubelet = new Kubelet(cortado);
        kubelet.cri().pullImage(busybox, null);
        Kubelet.Pod pod = kubelet.runPod("ctr-it-stream-tls");
        container = kubelet.run(
                pod, kubelet.container(pod, "main", busybox, "sleep", "3600").build());
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (cortado != null) {
                cortado.close();
            }
        } finally {
            if (registry != null) {
                registry.close();
            }
            if (dir != null) {
                HostCleanup.deleteTree(dir);
            }
        }
    }

    @Test
    void exec_overTls_aClientTrustingTheCertificateRuns_othersAreRefused() throws Exception {
        String url = execUrl("sh", "-c", "read x; echo tls:$x; echo e >&2; exit 7");
        assertThat(url).startsWith("https://127.0.0.1:").contains("/exec/");

        // only the JDK's CAs: the handshake fails, before any HTTP, so the URL is not spent
        assertThatThrownBy(() -> SpdyClient.connect(url, SSLContext.getDefault(), "v4.channel.k8s.io"))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX path building failed");
        assertThatThrownBy(() -> HttpClient.newHttpClient()
                        .newWebSocketBuilder()
                        .buildAsync(URI.create(url.replace("https://", "wss://")), new StreamingContract.Channels())
                        .get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasStackTraceContaining("PKIX path building failed");
        // plain HTTP to a TLS port gets no HTTP answer
        assertThatThrownBy(() -> SpdyClient.connect(url.replace("https://", "http://"), trusting, "v4.channel.k8s.io"))
                .isInstanceOf(IOException.class);

        try (SpdyClient c = SpdyClient.connect(url, trusting, "v4.channel.k8s.io")) {
            int[] s = openExecStreams(c);
            c.send(s[1], "spdy\n");
            c.fin(s[1]);
            assertThat(c.awaitEnd(s[2], 30).text()).isEqualTo("tls:spdy\n");
            assertThat(c.awaitEnd(s[3], 30).text()).isEqualTo("e\n");
            assertThat(c.awaitEnd(s[0], 30).text()).contains("{\"reason\":\"ExitCode\",\"message\":\"7\"}");
        }
    }

    @Test
    void fiftyConcurrentExecs_overSpdyAndWebSocket_eachItsOwnStreams_leaveNothingBehind() throws Exception {
        runSessions(
                2); // one of each kind first, so the baseline counts threads and fds the first sessions create for good
        Leftovers before = Leftovers.of(cortado);
        java.util.Set<String> shimFdsBefore = SocketStates.fdTargets(cortado.shimPid());
        java.util.Set<String> daemonFdsBefore = SocketStates.fdTargets(cortado.daemonPid());

        List<Session> sessions = runSessions(50);
        for (Session s : sessions) {
            assertThat(s.stdout())
                    .as("session %d stdout", s.index())
                    .isEqualTo("ready-%1$d\nout-%1$d:in-%1$d\n".formatted(s.index()));
            assertThat(s.stderr()).as("session %d stderr", s.index()).isEqualTo("err-" + s.index() + "\n");
            assertThat(s.status())
                    .as("session %d status", s.index())
                    .contains(
                            s.index() == 0
                                    ? "\"status\":\"Success\""
                                    : "{\"reason\":\"ExitCode\",\"message\":\"" + s.index() + "\"}");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Leftovers.of(cortado).noMoreThan(before)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: no exec process, fd, socket or child process left: before "
                        + before + ", now " + Leftovers.of(cortado) + "; the daemon's sockets: "
                        + SocketStates.of(cortado.daemonPid()) + "; fds the shim server opened: "
                        + SocketStates.newFds(cortado.shimPid(), shimFdsBefore) + "; the daemon's: "
                        + SocketStates.newFds(cortado.daemonPid(), daemonFdsBefore) + "; its streaming threads: "
                        + SocketStates.threads(cortado.daemonPid(), "ventLoop", "streaming"));
            }
            Thread.sleep(50);
        }
        System.out.println("streaming sessions: before " + before + ", after 50 sessions " + Leftovers.of(cortado));
    }

    /** One session's result; {@code index} is its exit code too. */
    private record Session(int index, String stdout, String stderr, String status) {}

    /**
     * Runs {@code n} exec sessions at once, even ones over SPDY, odd ones over WebSocket: each
     * prints {@code ready-i} and waits for its stdin; once all {@code n} processes run side by
     * side (counted in /proc), each gets {@code in-i} and EOF, prints {@code out-i:in-i} and
     * {@code err-i} and exits with {@code i}.
     */
    private List<Session> runSessions(int n) throws Exception {
        List<SpdyClient> spdy = new ArrayList<>();
        List<int[]> spdyStreams = new ArrayList<>();
        List<WebSocket> webSockets = new ArrayList<>();
        List<StreamingContract.Channels> channels = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().sslContext(trusting).build();
        try {
            for (int i = 0; i < n; i++) {
                String url = execUrl(
                        "sh",
                        "-c",
                        "echo ready-$1; read x; echo out-$1:$x; echo err-$1 >&2; exit $1",
                        MARKER,
                        Integer.toString(i));
                if (i % 2 == 0) {
                    SpdyClient c = SpdyClient.connect(url, trusting, "v4.channel.k8s.io");
                    spdy.add(c);
                    spdyStreams.add(openExecStreams(c));
                } else {
                    StreamingContract.Channels ch = new StreamingContract.Channels();
                    channels.add(ch);
                    webSockets.add(http.newWebSocketBuilder()
                            .subprotocols("v5.channel.k8s.io")
                            .buildAsync(URI.create(url.replace("https://", "wss://")), ch)
                            .get(30, TimeUnit.SECONDS));
                }
            }
            for (int i = 0; i < n; i++) {
                String ready = "ready-" + i + "\n";
                if (i % 2 == 0) {
                    spdy.get(i / 2).awaitText(spdyStreams.get(i / 2)[2], 60, t -> t.equals(ready));
                } else {
                    StreamingContract.Channels ch = channels.get(i / 2);
                    Kubelet.await("session " + i + " ready", () -> ch.text(1).equals(ready));
                }
            }
            assertThat(markedProcesses())
                    .as("all sessions' processes run at once")
                    .isEqualTo(n);
            for (int i = 0; i < n; i++) {
                byte[] line = ("in-" + i + "\n").getBytes(StandardCharsets.UTF_8);
                if (i % 2 == 0) {
                    spdy.get(i / 2).send(spdyStreams.get(i / 2)[1], line, 0, line.length, true);
                } else {
                    WebSocket ws = webSockets.get(i / 2);
                    ByteBuffer frame = ByteBuffer.allocate(line.length + 1)
                            .put((byte) 0)
                            .put(line)
                            .flip();
                    ws.sendBinary(frame, true).get(30, TimeUnit.SECONDS);
                    ws.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 255, 0}), true)
                            .get(30, TimeUnit.SECONDS); // stdin EOF
                }
            }
            List<Session> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (i % 2 == 0) {
                    SpdyClient c = spdy.get(i / 2);
                    int[] s = spdyStreams.get(i / 2);
                    String status = c.awaitEnd(s[0], 60).text();
                    results.add(new Session(
                            i, c.awaitEnd(s[2], 30).text(), c.awaitEnd(s[3], 30).text(), status));
                } else {
                    StreamingContract.Channels ch = channels.get(i / 2);
                    assertThat(ch.closed.get(60, TimeUnit.SECONDS)).isEqualTo(1000);
                    results.add(new Session(i, ch.text(1), ch.text(2), ch.text(3)));
                }
            }
            return results;
        } finally {
            for (SpdyClient c : spdy) {
                c.close();
            }
            webSockets.forEach(WebSocket::abort);
        }
    }

    private String execUrl(String... cmd) {
        return kubelet.cri()
                .runtime()
                .exec(ExecRequest.newBuilder()
                        .setContainerId(container)
                        .addAllCmd(List.of(cmd))
                        .setStdin(true)
                        .setStdout(true)
                        .setStderr(true)
                        .build())
                .getUrl();
    }

    /** Opens error, stdin, stdout and stderr streams, in that order, as client-go's v4 executor does. */
    private static int[] openExecStreams(SpdyClient c) throws IOException {
        return new int[] {
            c.open("streamType", "error"),
            c.open("streamType", "stdin"),
            c.open("streamType", "stdout"),
            c.open("streamType", "stderr")
        };
    }

    /** Processes on the host whose command line carries {@link #MARKER} (the sessions' shells). */
    private static long markedProcesses() {
        return ProcessHandle.allProcesses()
                .filter(p -> {
                    try {
                        return new String(
                                        Files.readAllBytes(Path.of("/proc/" + p.pid() + "/cmdline")),
                                        StandardCharsets.UTF_8)
                                .contains("\0" + MARKER + "\0");
                    } catch (IOException gone) {
                        return false;
                    }
                })
                .count();
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            store.setCertificateEntry(
                    "streaming", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** What sessions could leave behind: the sessions' processes, the daemon's and the shim's fds (sockets among them) and children. */
    private record Leftovers(
            long execProcesses,
            int daemonFds,
            int daemonSockets,
            int shimFds,
            int shimSockets,
            long daemonChildren,
            long shimChildren) {
        static Leftovers of(CortadoRuntime cortado) {
            try {
                long shim = cortado.shimPid();
                long daemon = cortado.daemonPid();
                return new Leftovers(
                        markedProcesses(),
                        fds(daemon, ""),
                        fds(daemon, "socket:"),
                        fds(shim, ""),
                        fds(shim, "socket:"),
                        children(daemon),
                        children(shim));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean noMoreThan(Leftovers before) {
            return execProcesses == 0
                    && daemonFds <= before.daemonFds
                    && daemonSockets <= before.daemonSockets
                    && shimFds <= before.shimFds
                    && shimSockets <= before.shimSockets
                    && daemonChildren <= before.daemonChildren
                    && shimChildren <= before.shimChildren;
        }

        private static int fds(long pid, String prefix) throws IOException {
            int n = 0;
            try (var fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
                for (Path fd : fds) {
                    try {
                        n += Files.readSymbolicLink(fd).toString().startsWith(prefix) ? 1 : 0;
                    } catch (IOException closedMeanwhile) {
                        // closed while we listed
                    }
                }
            }
            return n;
        }

        private static long children(long pid) {
            return ProcessHandle.of(pid).map(p -> p.descendants().count()).orElse(0L);
        }
    }
}
