package dev.cortado.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketBindingTest {
    @TempDir
    Path dir;

    @Test
    void staleSocket_isRemoved() throws Exception {
        Path socket = dir.resolve("stale.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
        } // closed: the file stays behind, as after a crash
        assertThat(socket).exists();
        UnixSocketBinding.prepare(socket);
        assertThat(socket).doesNotExist();
    }

    @Test
    void liveSocket_isRefused() throws Exception {
        Path socket = dir.resolve("live.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertThatThrownBy(() -> UnixSocketBinding.prepare(socket))
                    .isInstanceOf(CortadoException.class)
                    .hasMessageContaining("held by a running server");
            assertThat(socket).exists();
        }
    }

    @Test
    void regularFileAtSocketPath_isRefusedAndKept() throws Exception {
        Path file = Files.writeString(dir.resolve("data.sock"), "precious");
        assertThatThrownBy(() -> UnixSocketBinding.prepare(file))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("not a unix socket");
        assertThat(file).hasContent("precious");
    }

    @Test
    void missingDirectory_isCreatedWith0711() throws Exception {
        Path socket = dir.resolve("run/cortado/cortado.sock");
        UnixSocketBinding.prepare(socket);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(socket.getParent())))
                .isEqualTo("rwx--x--x");
    }
}
