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
        try (TtrpcServer strict = TtrpcServer.builder(guarded)
                        .service(echo.definition())
                        .expectedPeerUid(otherUid)
                        .build()
                        .start();
                TtrpcClient stranger = TtrpcClient.connect(guarded)) {
            assertFails(
                    () -> stranger.unary(EchoService.ECHO, text("hi"), CallOptions.DEFAULT),
                    ErrorKind.UNAVAILABLE,
                    "closed");
            await().atMost(Duration.ofSeconds(10)).until(() -> !stranger.isConnected());
            await().atMost(Duration.ofSeconds(10)).until(() -> strict.connectionCount() == 0);
        }
    }

    @Test
    void peerWithTheSameUidButAnotherGid_isDisconnected() throws IOException {
        int otherGid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid") + 1;
        TtrpcTransport guarded = TtrpcTransport.unixSocket(dir.resolve("guarded.sock"));
        try (TtrpcServer strict = TtrpcServer.builder(guarded)
                        .service(echo.definition())
                        .expectedPeerGid(otherGid)
                        .build()
                        .start();
                TtrpcClient stranger = TtrpcClient.connect(guarded)) {
            assertFails(
                    () -> stranger.unary(EchoService.ECHO, text("hi"), CallOptions.DEFAULT),
                    ErrorKind.UNAVAILABLE,
                    "closed");
            await().atMost(Duration.ofSeconds(10)).until(() -> strict.connectionCount() == 0);
        }
    }

    @Test
    void peerWithTheSameUid_isServed() throws IOException {
        int ownUid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        TtrpcTransport guarded = TtrpcTransport.unixSocket(dir.resolve("guarded.sock"));
        try (TtrpcServer strict = TtrpcServer.builder(guarded)
                        .service(echo.definition())
                        .expectedPeerUid(ownUid)
                        .build()
                        .start();
                TtrpcClient friend = TtrpcClient.connect(guarded)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> strict.connectionCount() == 1);
            assertThat(friend.unary(EchoService.ECHO, text("hi"), CallOptions.DEFAULT))
                    .isEqualTo(text("hi"));
        }
    }

    @Test
    void secondServerOnTheSameSocket_failsToStartAndLeavesTheFirstServing() {
        TtrpcServer second =
                TtrpcServer.builder(transport).service(echo.definition()).build();
        assertFails(second::start, ErrorKind.FAILED_PRECONDITION, "held by a running server");
        assertThat(dir.resolve("ttrpc.sock")).exists();
        assertThat(client.unary(EchoService.ECHO, text("still here"), CallOptions.DEFAULT))
                .isEqualTo(text("still here"));
    }

    @Test
    @SuppressWarnings("try") // the resource is held open for the body (or closed early on purpose)
    void staleSocketFile_isReplaced() throws IOException {
        Path stale = dir.resolve("stale.sock");
        try (java.nio.channels.ServerSocketChannel dead = java.nio.channels.ServerSocketChannel.open(
                        java.net.StandardProtocolFamily.UNIX)
                .bind(java.net.UnixDomainSocketAddress.of(stale))) {
            // closing the listener leaves the socket file behind, as a crashed server would
        }
        assertThat(stale).exists();
        TtrpcTransport replacing = TtrpcTransport.unixSocket(stale);
        try (TtrpcServer fresh = TtrpcServer.builder(replacing)
                        .service(echo.definition())
                        .build()
                        .start();
                TtrpcClient caller = TtrpcClient.connect(replacing)) {
            assertThat(caller.unary(EchoService.ECHO, text("fresh"), CallOptions.DEFAULT))
                    .isEqualTo(text("fresh"));
        }
    }

    @Test
    void pathThatIsNotASocket_isRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");
        TtrpcServer wrong = TtrpcServer.builder(TtrpcTransport.unixSocket(file))
                .service(echo.definition())
                .build();
        assertFails(wrong::start, ErrorKind.FAILED_PRECONDITION, "is not a unix socket");
        assertThat(file).hasContent("keep me");
    }

    @Test
    void connect_whereNobodyListens_isUnavailable() {
        assertFails(
                () -> TtrpcClient.connect(TtrpcTransport.unixSocket(dir.resolve("absent.sock"))),
                ErrorKind.UNAVAILABLE,
                "cannot connect");
    }
}
