package dev.cortado.shim.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.StringValue;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.ttrpc.MethodType;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcService;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.client.CallOptions;
import dev.cortado.ttrpc.client.TtrpcClient;
import dev.cortado.ttrpc.server.TtrpcServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shim relay ({@code src/main/c/relay}, built into target/classes/native) with this test as
 * its server's backend: the "server" process the relay runs is a shell loop whose death the
 * test controls, and the ttrpc backend is a {@link TtrpcServer} the test stops and starts.
 */
class RelayTest {
    private static final Path RELAY = Path.of("target/classes/native/containerd-shim-cortado-v2-relay");
    private static final TtrpcMethod<StringValue, StringValue> ECHO =
            TtrpcMethod.of("test.Relay", "Echo", MethodType.UNARY, StringValue.parser(), StringValue.parser());
    private static final TtrpcMethod<StringValue, StringValue> BLOCK =
            TtrpcMethod.of("test.Relay", "Block", MethodType.UNARY, StringValue.parser(), StringValue.parser());

    private Path root;
    private Process relay;
    private TtrpcServer backend;
    private final CountDownLatch blocked = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void startRelay() throws Exception {
        assumeTrue(Files.isExecutable(RELAY), "needs the relay built by mvn compile: " + RELAY);
        // a short path: sockets live under it
        root = Files.createTempDirectory(Path.of("/tmp"), "relay");
        relay = new ProcessBuilder(
                        RELAY.toString(),
                        root.toString(),
                        "/bin/sh",
                        "-c",
                        "while [ ! -e " + root + "/stop ]; do sleep 0.05; done")
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("relay.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(root.resolve("relay.sock")));
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (backend != null) {
            backend.shutdown(Duration.ZERO);
        }
        if (relay != null) {
            relay.destroy();
            relay.waitFor(10, TimeUnit.SECONDS);
            relay.destroyForcibly();
        }
        if (root != null && Files.exists(root)) {
            try (var files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private void serveBackend() {
        backend = TtrpcServer.builder(TtrpcTransport.unixSocket(root.resolve("b/ttrpc.sock")))
                .service(TtrpcService.builder("test.Relay")
                        .unary(ECHO, (ctx, r) -> StringValue.of("echo " + r.getValue()))
                        .unary(BLOCK, (ctx, r) -> {
                            blocked.countDown();
                            release.await();
                            return r;
                        })
                        .build())
                .build()
                .start();
    }

    private RelayControl control() {
        return new RelayControl(root.resolve("relay.sock"));
    }

    private static StringValue call(TtrpcClient client, TtrpcMethod<StringValue, StringValue> m, String v) {
        return client.unary(m, StringValue.of(v), CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(20)));
    }

    @Test
    void serverDies_callInFlightFailsUnavailable_theConnectionStaysAndServesTheNextServer() throws Exception {
        serveBackend();
        control().hello();
        try (TtrpcClient client = TtrpcClient.connect(TtrpcTransport.unixSocket(root.resolve("ttrpc.sock")))) {
            assertThat(call(client, ECHO, "one").getValue()).isEqualTo("echo one");
            CompletableFuture<StringValue> inFlight = CompletableFuture.supplyAsync(() -> call(client, BLOCK, "x"));
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();

            backend.shutdown(Duration.ZERO); // the server is gone, mid-call
            backend = null;

            assertThatThrownBy(() -> inFlight.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(CortadoException.class)
                    .cause()
                    .satisfies(e -> assertThat(((CortadoException) e).kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                    .hasMessageContaining("restarting");
            // a call made while no server runs waits for the next one
            CompletableFuture<StringValue> waiting = CompletableFuture.supplyAsync(() -> call(client, ECHO, "two"));
            Thread.sleep(300);
            assertThat(waiting).isNotDone();
            serveBackend();
            assertThat(waiting.get(5, TimeUnit.SECONDS).getValue()).isEqualTo("echo two");
            assertThat(client.isConnected()).isTrue();
        }
    }

    @Test
    void listen_holdsAnotherSocketForItsBackend() throws Exception {
        Path backendSocket = root.resolve("b/r-1.sock");
        TtrpcServer other = TtrpcServer.builder(TtrpcTransport.unixSocket(backendSocket))
                .service(TtrpcService.builder("test.Relay")
                        .unary(ECHO, (ctx, r) -> StringValue.of("other"))
                        .build())
                .build()
                .start();
        try {
            control().listen(root.resolve("n-1.sock"), backendSocket);

            try (TtrpcClient client = TtrpcClient.connect(TtrpcTransport.unixSocket(root.resolve("n-1.sock")))) {
                assertThat(call(client, ECHO, "x").getValue()).isEqualTo("other");
            }
            assertThat(Files.getPosixFilePermissions(root.resolve("n-1.sock")))
                    .containsExactlyInAnyOrder(
                            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            assertThatThrownBy(() -> control().listen(Path.of("relative.sock"), backendSocket))
                    .isInstanceOf(CortadoException.class)
                    .hasMessageContaining("refused");
        } finally {
            other.shutdown(Duration.ZERO);
        }
    }

    @Test
    void serverKilled_isRestarted_andAServerThatExitsCleanlyEndsTheRelay() throws Exception {
        control().hello();
        long first = serverPid();

        ProcessHandle.of(first).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(5)).until(() -> serverPid() != 0 && serverPid() != first);
        assertThat(relay.isAlive()).isTrue();
        Files.createFile(root.resolve("stop"));
        assertThat(relay.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(relay.exitValue()).isZero();
        assertThat(root.resolve("ttrpc.sock")).doesNotExist();
        assertThat(root.resolve("relay.sock")).doesNotExist();
    }

    @Test
    void serverDiesBeforeItServed_endsTheRelayWithAFailure() throws Exception {
        ProcessHandle.of(serverPid()).orElseThrow().destroyForcibly();

        assertThat(relay.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(relay.exitValue()).isEqualTo(1);
        assertThat(Files.readString(root.resolve("relay.log"))).contains("died before it served");
    }

    @Test
    void stateRootRemoved_theRelayGivesUpInsteadOfRestartingForever() throws Exception {
        control().hello();
        long first = serverPid();
        // a test (or an operator) removed the state root: no restarted server could serve from it
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }

        ProcessHandle.of(first).orElseThrow().destroyForcibly();

        assertThat(relay.waitFor(10, TimeUnit.SECONDS)).as("relay ended").isTrue();
        assertThat(relay.exitValue()).isEqualTo(1);
    }

    /** The relay's one child, the server; 0 while there is none. */
    private long serverPid() {
        return relay.children().findFirst().map(ProcessHandle::pid).orElse(0L);
    }
}
