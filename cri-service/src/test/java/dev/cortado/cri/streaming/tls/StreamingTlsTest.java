package dev.cortado.cri.streaming.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The modes and refusals of containerd's getStreamListenerMode. */
class StreamingTlsTest {
    @Test
    void modes() {
        assertThat(StreamingTls.of(false, "", "")).isEqualTo(new StreamingTls.Off());
        assertThat(StreamingTls.of(true, "", "")).isEqualTo(new StreamingTls.SelfSigned());
        assertThat(StreamingTls.of(true, "/c.pem", "/k.pem"))
                .isEqualTo(new StreamingTls.KeyPair(Path.of("/c.pem"), Path.of("/k.pem")));
    }

    @Test
    void oneFileWithoutTheOther_orFilesWithoutTls_areRefused() {
        assertThatThrownBy(() -> StreamingTls.of(true, "/c.pem", ""))
                .hasMessage("enable_tls with tls_cert_file needs tls_key_file too");
        assertThatThrownBy(() -> StreamingTls.of(true, "", "/k.pem"))
                .hasMessage("enable_tls with tls_key_file needs tls_cert_file too");
        assertThatThrownBy(() -> StreamingTls.of(false, "/c.pem", "/k.pem"))
                .hasMessage("tls_cert_file is set but enable_tls is not");
        assertThatThrownBy(() -> StreamingTls.of(false, "", "/k.pem"))
                .hasMessage("tls_key_file is set but enable_tls is not");
    }
}
