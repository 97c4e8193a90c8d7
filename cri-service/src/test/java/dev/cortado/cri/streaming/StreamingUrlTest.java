package dev.cortado.cri.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamingUrlTest {
    private final AtomicLong clock = new AtomicLong();
    private final StreamingServer server =
            StreamingServer.start(StreamingConfig.defaults().withMaxPendingTokens(3), new FakeRuntime(), clock::get);

    @AfterEach
    void stop() {
        server.close();
    }

    private static StreamRequest exec() {
        return new StreamRequest.Exec("running", List.of("true"), new StreamOptions(false, true, false, false));
    }

    @Test
    void url_isSingleUse_andAForgedTokenIs404() throws Exception {
        String url = server.url(exec());
        assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/exec/[A-Za-z0-9_-]{22}");
        try (SpdyTestClient first = new SpdyTestClient(url, "v4.channel.k8s.io")) {
            assertThat(first.status).isEqualTo(101);
        }
        try (SpdyTestClient again = new SpdyTestClient(url, "v4.channel.k8s.io")) {
            assertThat(again.status).isEqualTo(404);
        }
        try (SpdyTestClient forged =
                new SpdyTestClient(url.substring(0, url.length() - 4) + "AAAA", "v4.channel.k8s.io")) {
            assertThat(forged.status).isEqualTo(404);
        }
        String attachPath = server.url(exec()).replace("/exec/", "/attach/");
        try (SpdyTestClient wrongKind = new SpdyTestClient(attachPath, "v4.channel.k8s.io")) {
            assertThat(wrongKind.status).isEqualTo(404);
        }
    }

    @Test
    void url_expiresAfterItsTimeToLive() throws Exception {
        String url = server.url(exec());
        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        try (SpdyTestClient late = new SpdyTestClient(url, "v4.channel.k8s.io")) {
            assertThat(late.status).isEqualTo(404);
        }
    }

    @Test
    void pendingUrls_areCapped_untilOldOnesExpire() {
        for (int i = 0; i < 3; i++) {
            server.url(exec());
        }
        assertThatThrownBy(() -> server.url(exec()))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_EXHAUSTED));
        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(server.url(exec())).contains("/exec/");
    }

    @Test
    void requests_areValidated() {
        assertThatThrownBy(() -> new StreamOptions(false, false, false, false))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        assertThatThrownBy(() -> new StreamOptions(true, true, true, true))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        StreamOptions ok = new StreamOptions(false, true, false, false);
        assertThatThrownBy(() -> server.url(new StreamRequest.Exec("nope", List.of("true"), ok)))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThatThrownBy(() -> server.url(new StreamRequest.Attach("stopped", ok)))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION));
        assertThatThrownBy(() -> server.url(new StreamRequest.PortForward("pod", List.of(70000))))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }
}
