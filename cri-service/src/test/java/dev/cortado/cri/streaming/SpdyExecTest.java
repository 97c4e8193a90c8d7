package dev.cortado.cri.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SpdyExecTest {
    private final FakeRuntime runtime = new FakeRuntime();
    private StreamingServer server;

    @BeforeEach
    void start() {
        server = StreamingServer.start(StreamingConfig.defaults(), runtime);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String execUrl(boolean stdin, boolean tty, String... cmd) {
        return server.url(new StreamRequest.Exec("running", List.of(cmd), new StreamOptions(stdin, true, !tty, tty)));
    }

    /** Opens error, stdin?, stdout, stderr? streams as client-go's v4 client does. */
    private static int[] openStreams(SpdyTestClient c, boolean stdin, boolean stderr) throws IOException {
        int error = c.open("streamType", "error");
        int in = stdin ? c.open("streamType", "stdin") : 0;
        int out = c.open("streamType", "stdout");
        int err = stderr ? c.open("streamType", "stderr") : 0;
        return new int[] {error, in, out, err};
    }

    @Test
    void exec_v4_stdoutStderrAndSuccess() throws Exception {
        try (SpdyTestClient c = new SpdyTestClient(
                execUrl(false, false, "sh", "-c", "echo out; echo err >&2"),
                "v4.channel.k8s.io",
                "v3.channel.k8s.io")) {
            assertThat(c.status).isEqualTo(101);
            assertThat(c.responseHeaders).containsEntry("x-stream-protocol-version", "v4.channel.k8s.io");
            int[] s = openStreams(c, false, true);
            assertThat(c.awaitEnd(s[2], 20).text()).isEqualTo("out\n");
            assertThat(c.awaitEnd(s[3], 20).text()).isEqualTo("err\n");
            assertThat(c.awaitEnd(s[0], 20).text()).isEqualTo("{\"metadata\":{},\"status\":\"Success\"}");
        }
    }

    @Test
    void exec_stdinIsCopiedUntilEof() throws Exception {
        try (SpdyTestClient c = new SpdyTestClient(execUrl(true, false, "cat"), "v4.channel.k8s.io")) {
            int[] s = openStreams(c, true, true);
            c.send(s[1], "hello ");
            c.send(s[1], "world\n");
            c.fin(s[1]);
            assertThat(c.awaitEnd(s[2], 20).text()).isEqualTo("hello world\n");
            assertThat(c.awaitEnd(s[0], 20).text()).contains("\"status\":\"Success\"");
        }
    }

    @Test
    void exec_nonZeroExit_isNonZeroExitCodeWithTheCode() throws Exception {
        try (SpdyTestClient c = new SpdyTestClient(execUrl(false, false, "sh", "-c", "exit 1"), "v4.channel.k8s.io")) {
            int[] s = openStreams(c, false, true);
            assertThat(c.awaitEnd(s[0], 20).text())
                    .contains(
                            "\"status\":\"Failure\"",
                            "\"reason\":\"NonZeroExitCode\"",
                            "\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"1\"}]");
        }
    }

    @Test
    void exec_killedBySigkill_reports137() throws Exception {
        try (SpdyTestClient c =
                new SpdyTestClient(execUrl(false, false, "sh", "-c", "kill -9 $$"), "v4.channel.k8s.io")) {
            int[] s = openStreams(c, false, true);
            assertThat(c.awaitEnd(s[0], 20).text()).contains("{\"reason\":\"ExitCode\",\"message\":\"137\"}");
        }
    }

    @Test
    void exec_v2_reportsFailureAsText() throws Exception {
        try (SpdyTestClient c = new SpdyTestClient(execUrl(false, false, "sh", "-c", "exit 3"), "v2.channel.k8s.io")) {
            assertThat(c.responseHeaders).containsEntry("x-stream-protocol-version", "v2.channel.k8s.io");
            int[] s = openStreams(c, false, true);
            assertThat(c.awaitEnd(s[0], 20).text())
                    .isEqualTo(
                            "command terminated with non-zero exit code: error executing command [sh, -c, exit 3], exit code 3");
        }
    }

    @Test
    void tty_resizeEventsReachTheRuntime() throws Exception {
        try (SpdyTestClient c = new SpdyTestClient(execUrl(true, true, "cat"), "v4.channel.k8s.io")) {
            int error = c.open("streamType", "error");
            int in = c.open("streamType", "stdin");
            int out = c.open("streamType", "stdout");
            int resize = c.open("streamType", "resize");
            c.send(resize, "{\"Width\":100,\"Height\":40}");
            c.send(resize, "{\"Width\":120,");
            c.send(resize, "\"Height\":50}");
            // a runtime that starts listening late gets only the latest size (ResizeEvents): under load
            // the first event may be folded into the second; the last one must always arrive
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !runtime.resizes.isEmpty()
                            && runtime.resizes.get(runtime.resizes.size() - 1).equals(new TerminalSize(120, 50)));
            assertThat(List.of(
                            List.of(new TerminalSize(100, 40), new TerminalSize(120, 50)),
                            List.of(new TerminalSize(120, 50))))
                    .contains(List.copyOf(runtime.resizes));
            c.fin(in);
            c.awaitEnd(out, 20);
            assertThat(c.awaitEnd(error, 20).text()).contains("Success");
        }
    }

    @Test
    void attach_seesTheContainersOutputAndTakesStdin() throws Exception {
        String url = server.url(new StreamRequest.Attach("running", new StreamOptions(true, true, false, false)));
        try (SpdyTestClient c = new SpdyTestClient(url, "v4.channel.k8s.io")) {
            int error = c.open("streamType", "error");
            int in = c.open("streamType", "stdin");
            int out = c.open("streamType", "stdout");
            c.send(in, "line\n");
            c.fin(in);
            assertThat(c.awaitEnd(out, 20).text()).isEqualTo("attached\nline\n");
            assertThat(c.awaitEnd(error, 20).text()).contains("Success");
        }
    }

    @Test
    void idleSession_isClosedAndItsProcessKilled() throws Exception {
        server.close();
        server = StreamingServer.start(StreamingConfig.defaults().withIdleTimeout(Duration.ofSeconds(1)), runtime);
        try (SpdyTestClient c = new SpdyTestClient(execUrl(true, false, "sleep", "60"), "v4.channel.k8s.io")) {
            int[] s = openStreams(c, true, true);
            await().atMost(Duration.ofSeconds(20)).until(() -> c.eof);
            await().atMost(Duration.ofSeconds(20)).until(() -> runtime.live.isEmpty());
            assertThat(c.stream(s[0]).text()).isEmpty();
        }
    }

    @Test
    void unsupportedProtocol_is403WithTheAcceptedOnes() throws Exception {
        try (SpdyTestClient c = new SpdyTestClient(execUrl(false, false, "true"), "v9.channel.k8s.io")) {
            assertThat(c.status).isEqualTo(403);
            assertThat(c.responseHeaders).containsKey("x-accepted-stream-protocol-versions");
        }
    }

    @Test
    void clientThatDisappears_leavesNoProcessThreadOrFd() throws Exception {
        warmUp();
        long fdsBefore = openFds();
        int threadsBefore = Thread.activeCount();
        SpdyTestClient c =
                new SpdyTestClient(execUrl(false, false, "sh", "-c", "exec cat /dev/zero"), "v4.channel.k8s.io");
        int[] s = openStreams(c, false, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> c.stream(s[2]).bytes > (1 << 20));
        assertThat(runtime.live).hasSize(1);
        c.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> runtime.live.isEmpty());
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(openFds()).isLessThanOrEqualTo(fdsBefore));
        await().atMost(Duration.ofSeconds(40))
                .untilAsserted(() -> assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore + 1));
    }

    private void warmUp() throws Exception {
        try (SpdyTestClient c = new SpdyTestClient(execUrl(false, false, "true"), "v4.channel.k8s.io")) {
            int[] s = openStreams(c, false, true);
            c.awaitEnd(s[0], 20);
        }
    }

    private static long openFds() throws IOException {
        try (var files = Files.list(Path.of("/proc/self/fd"))) {
            return files.count();
        }
    }

    @Test
    void thirtyConcurrentExecs_allSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(30);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int n = i;
                String url = execUrl(true, false, "sh", "-c", "cat; echo done " + n);
                results.add(pool.submit(() -> {
                    try (SpdyTestClient c = new SpdyTestClient(url, "v4.channel.k8s.io")) {
                        int[] s = openStreams(c, true, true);
                        c.send(s[1], "in" + n + " ");
                        c.fin(s[1]);
                        String out = c.awaitEnd(s[2], 60).text();
                        assertThat(c.awaitEnd(s[0], 60).text()).contains("Success");
                        return out;
                    }
                }));
            }
            for (int i = 0; i < 30; i++) {
                assertThat(results.get(i).get()).isEqualTo("in" + i + " done " + i + "\n");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
