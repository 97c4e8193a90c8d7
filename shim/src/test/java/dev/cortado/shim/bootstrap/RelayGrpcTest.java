package dev.cortado.shim.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.StringValue;
import dev.cortado.transport.UnixGrpc;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gRPC socket held by the shim relay across a {@code kill -9} of its server JVM ({@link
 * RelayGrpcServer}), seen by a grpc-java client: the call in flight fails UNAVAILABLE (HTTP/2
 * state dies with the server), the client reconnects to the same socket, and its next call
 * waits there until the restarted server answers.
 */
class RelayGrpcTest {
    private static final Path RELAY = Path.of("target/classes/native/containerd-shim-cortado-v2-relay");

    private Path root;
    private Process relay;

    @BeforeEach
    void startRelay() throws Exception {
        assumeTrue(Files.isExecutable(RELAY), "needs the relay built by mvn compile: " + RELAY);
        root = Files.createTempDirectory(Path.of("/tmp"), "relayg");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        relay = new ProcessBuilder(
                        RELAY.toString(),
                        root.toString(),
                        java.toString(),
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        RelayGrpcServer.class.getName(),
                        root.toString())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("relay.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(root.resolve("g.sock")));
    }

    @AfterEach
    void stop() throws Exception {
        if (relay != null) {
            relay.destroy();
            relay.waitFor(15, TimeUnit.SECONDS);
            relay.destroyForcibly();
        }
        if (root != null && Files.exists(root)) {
            try (var files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void serverKilled_callInFlightFailsUnavailable_andTheClientsNextCallWaitsForTheRestartedServer() throws Exception {
        try (UnixGrpc.Channel channel = UnixGrpc.channel(root.resolve("g.sock"))) {
            String first = call(channel, RelayGrpcServer.ECHO, "one");
            assertThat(first).startsWith("echo one from ");
            CompletableFuture<String> inFlight =
                    CompletableFuture.supplyAsync(() -> call(channel, RelayGrpcServer.BLOCK, "x"));
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(root.resolve("blocked")));
            long server = serverPid();

            ProcessHandle.of(server).orElseThrow().destroyForcibly();

            assertThatThrownBy(() -> inFlight.get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(StatusRuntimeException.class)
                    .satisfies(
                            e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            // the same channel reconnects to the socket the relay still holds; the call waits there
            String second = call(channel, RelayGrpcServer.ECHO, "two");
            assertThat(second).startsWith("echo two from ").isNotEqualTo("echo two from " + server);
            assertThat(Files.readString(root.resolve("relay.log"))).contains("server died of signal 9");
        }
    }

    private static String call(UnixGrpc.Channel channel, MethodDescriptor<StringValue, StringValue> m, String v) {
        return ClientCalls.blockingUnaryCall(
                        channel.managed(),
                        m,
                        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                        StringValue.of(v))
                .getValue();
    }

    /** The relay's one child, the server; 0 while there is none. */
    private long serverPid() {
        return relay.children().findFirst().map(ProcessHandle::pid).orElse(0L);
    }
}
