package dev.cortado.ttrpc;

import static dev.cortado.ttrpc.EchoService.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cortado.errors.ErrorKind;
import dev.cortado.ttrpc.client.CallOptions;
import dev.cortado.ttrpc.client.TtrpcClient;
import dev.cortado.ttrpc.server.TtrpcServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The contract over a real unix domain socket with Netty epoll, plus what only a socket has. */
class UnixSocketContractTest extends TtrpcContractTest {
    @Override
    protected TtrpcTransport transport(Path tempDir) {
        return TtrpcTransport.unixSocket(tempDir.resolve("ttrpc.sock"));
    }

    @Test
    void shutdown_removesTheSocketFile() {
        assertThat(dir.resolve("ttrpc.sock")).exists();
        server.shutdown(Duration.ofSeconds(5));
        assertThat(dir.resolve("ttrpc.sock")).doesNotExist();
    }

    @Test
    void peerWithAnotherUid_isDisconnectedBeforeItsCallRuns() throws IOException {
        int otherUid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") + 1;
        TtrpcTransport guarded = TtrpcTransport.unixSocket(dir.resolve("guarded.sock"));
        try (TtrpcServer strict = TtrpcServer.builder(guarded).service(echo.definition())
                .expectedPeerUid(otherUid).build().start();
                TtrpcClient stranger = TtrpcClient.connect(guarded)) {
            assertFails(() -> stranger.unary(EchoService.ECHO, text("hi"), CallOptions.DEFAULT),
                    ErrorKind.UNAVAILABLE, "closed");
            await().atMost(Duration.ofSeconds(10)).until(() -> !stranger.isConnected());
            await().atMost(Duration.ofSeconds(10)).until(() -> strict.connectionCount() == 0);
        }
    }

    @Test
    void peerWithTheSameUid_isServed() throws IOException {
        int ownUid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        TtrpcTransport guarded = TtrpcTransport.unixSocket(dir.resolve("guarded.sock"));
        try (TtrpcServer strict = TtrpcServer.builder(guarded).service(echo.definition())
                .expectedPeerUid(ownUid).build().start();
                TtrpcClient friend = TtrpcClient.connect(guarded)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> strict.connectionCount() == 1);
            assertThat(friend.unary(EchoService.ECHO, text("hi"), CallOptions.DEFAULT)).isEqualTo(text("hi"));
        }
    }

    @Test
    void connect_whereNobodyListens_isUnavailable() {
        assertFails(() -> TtrpcClient.connect(TtrpcTransport.unixSocket(dir.resolve("absent.sock"))),
                ErrorKind.UNAVAILABLE, "cannot connect");
    }
}
