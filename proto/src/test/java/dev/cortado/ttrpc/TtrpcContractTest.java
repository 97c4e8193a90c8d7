package dev.cortado.ttrpc;

import static dev.cortado.ttrpc.EchoService.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Empty;
import com.google.protobuf.StringValue;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.ttrpc.client.CallOptions;
import dev.cortado.ttrpc.client.ClientStream;
import dev.cortado.ttrpc.client.TtrpcClient;
import dev.cortado.ttrpc.server.TtrpcServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviour every ttrpc transport must show, client and server together (STYLE.md rule
 * 13): subclasses pick the transport.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public abstract class TtrpcContractTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    protected Path dir;

    protected final EchoService echo = new EchoService();
    protected TtrpcTransport transport;
    protected TtrpcServer server;
    protected TtrpcClient client;

    protected abstract TtrpcTransport transport(Path tempDir);

    @BeforeEach
    void start() {
        transport = transport(dir);
        server = TtrpcServer.builder(transport)
                .service(echo.definition())
                .build()
                .start();
        client = TtrpcClient.connect(transport);
    }

    @AfterEach
    void stop() {
        echo.release.countDown();
        client.close();
        server.close();
    }

    @Test
    void unary_answersTheHandlersResponse() {
        assertThat(client.unary(EchoService.ECHO, text("hello"), CallOptions.DEFAULT))
                .isEqualTo(text("hello"));
    }

    @Test
    void unary_emptyMessage_roundTrips() {
        assertThat(client.unary(EchoService.ECHO, text(""), CallOptions.DEFAULT))
                .isEqualTo(StringValue.getDefaultInstance());
    }

    @Test
    void unaryAsync_completesTheFuture() throws Exception {
        CompletableFuture<StringValue> future = client.unaryAsync(EchoService.ECHO, text("async"), CallOptions.DEFAULT);
        assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo(text("async"));
    }

    @ParameterizedTest
    @EnumSource(
            value = ErrorKind.class,
            names = {
                "NOT_FOUND",
                "ALREADY_EXISTS",
                "INVALID_ARGUMENT",
                "FAILED_PRECONDITION",
                "UNAVAILABLE",
                "UNIMPLEMENTED",
                "PERMISSION_DENIED"
            })
    void handlerError_reachesTheClientWithItsKindAndMessage(ErrorKind kind) {
        assertFails(
                () -> client.unary(EchoService.FAIL, text(kind.name()), CallOptions.DEFAULT),
                kind,
                "failed on purpose: " + kind.name());
    }

    @Test
    void handlerCrash_isInternalWithTheExceptionMessage() {
        assertFails(
                () -> client.unary(EchoService.CRASH, text(""), CallOptions.DEFAULT),
                ErrorKind.INTERNAL,
                "crashed on purpose");
    }

    @Test
    void unknownService_isUnimplementedNamingTheService() {
        TtrpcMethod<StringValue, StringValue> method = EchoService.ECHO.withService("cortado.test.Nope");
        assertFails(
                () -> client.unary(method, text(""), CallOptions.DEFAULT),
                ErrorKind.UNIMPLEMENTED,
                "service cortado.test.Nope");
    }

    @Test
    void unknownMethod_isUnimplementedNamingTheMethod() {
        TtrpcMethod<StringValue, StringValue> method =
                TtrpcMethod.of(EchoService.NAME, "Nope", MethodType.UNARY, StringValue.parser(), StringValue.parser());
        assertFails(() -> client.unary(method, text(""), CallOptions.DEFAULT), ErrorKind.UNIMPLEMENTED, "method Nope");
    }

    @Test
    void metadata_repeatedKeysArriveAsMultipleValuesInOrder() {
        Metadata metadata = Metadata.builder()
                .add("containerd-namespace-ttrpc", "k8s.io")
                .add("x", "1")
                .add("x", "2")
                .build();
        StringValue answer = client.unary(EchoService.METADATA, text(""), CallOptions.DEFAULT.withMetadata(metadata));
        assertThat(answer.getValue()).isEqualTo("containerd-namespace-ttrpc=k8s.io;x=1,2");
    }

    @Test
    void timeout_becomesTheHandlersDeadline() {
        StringValue withTimeout =
                client.unary(EchoService.METADATA, text(""), CallOptions.DEFAULT.withTimeout(Duration.ofMinutes(1)));
        StringValue without = client.unary(EchoService.METADATA, text(""), CallOptions.DEFAULT);
        assertThat(withTimeout.getValue()).isEqualTo(" deadline");
        assertThat(without.getValue()).isEmpty();
    }

    @Test
    void deadlinePassed_callFailsWithDeadlineExceededAndTheHandlerSeesIt() throws Exception {
        assertFails(
                () -> client.unary(
                        EchoService.WAIT_FOR_DEADLINE,
                        text(""),
                        CallOptions.DEFAULT.withTimeout(Duration.ofMillis(50))),
                ErrorKind.DEADLINE_EXCEEDED,
                "context deadline exceeded");
        assertThat(echo.sawDeadline.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(client.unary(EchoService.ECHO, text("still usable"), CallOptions.DEFAULT))
                .isEqualTo(text("still usable"));
    }

    @Test
    void concurrentCalls_runTogetherAndAnswerOutOfOrder() throws Exception {
        CompletableFuture<StringValue> first = client.unaryAsync(EchoService.BLOCK, text("first"), CallOptions.DEFAULT);
        assertThat(echo.blocked.await(10, TimeUnit.SECONDS)).isTrue();
        // The second call is answered while the first one's handler still runs.
        assertThat(client.unary(EchoService.ECHO, text("second"), CallOptions.DEFAULT))
                .isEqualTo(text("second"));
        assertThat(first).isNotDone();
        echo.release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(text("first"));
    }

    @Test
    void manyConcurrentCalls_eachGetsItsOwnAnswer() {
        List<CompletableFuture<StringValue>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(client.unaryAsync(EchoService.ECHO, text("call " + i), CallOptions.DEFAULT));
        }
        for (int i = 0; i < 200; i++) {
            assertThat(calls.get(i).join()).isEqualTo(text("call " + i));
        }
    }

    @Test
    void clientStreaming_handlerReadsEveryMessageIncludingEmptyOnes() {
        ClientStream<StringValue, StringValue> stream = client.clientStreaming(EchoService.JOIN, CallOptions.DEFAULT);
        stream.send(text("a"));
        stream.send(text(""));
        stream.send(text("b"));
        assertThat(stream.closeAndReceive()).isEqualTo(text("3:a,,b"));
        assertThat(stream.receive()).isEmpty();
    }

    @Test
    void clientStreaming_closedWithoutMessages_handlerSeesEndOfStream() {
        ClientStream<StringValue, StringValue> stream = client.clientStreaming(EchoService.JOIN, CallOptions.DEFAULT);
        assertThat(stream.closeAndReceive()).isEqualTo(text("0:"));
    }

    @Test
    void serverStreaming_sendsEachMessageThenEndsTheStream() {
        ClientStream<StringValue, StringValue> stream =
                client.serverStreaming(EchoService.SPLIT, text("a,,c"), CallOptions.DEFAULT);
        assertThat(receiveAll(stream)).containsExactly("a", "", "c");
        assertThat(stream.receive()).isEmpty();
    }

    @Test
    void serverStreaming_withEmptyRequestMessage_stillStarts() {
        ClientStream<Empty, StringValue> stream =
                client.serverStreaming(EchoService.TICKS, Empty.getDefaultInstance(), CallOptions.DEFAULT);
        assertThat(receiveAll(stream)).containsExactly("tick 0", "tick 1", "tick 2");
    }

    @Test
    void serverStreaming_noMessages_endsAtOnce() {
        ClientStream<StringValue, StringValue> stream =
                client.serverStreaming(EchoService.SPLIT, text(""), CallOptions.DEFAULT);
        assertThat(stream.receive()).isEmpty();
    }

    @Test
    void serverStreaming_errorAfterData_endsWithTheStatus() {
        ClientStream<StringValue, StringValue> stream =
                client.serverStreaming(EchoService.SPLIT, text("fail:NOT_FOUND"), CallOptions.DEFAULT);
        assertThat(stream.receive()).contains(text("before failing"));
        assertFails(stream::receive, ErrorKind.NOT_FOUND, "failed mid-stream");
        assertFails(stream::receive, ErrorKind.NOT_FOUND, "failed mid-stream");
    }

    @Test
    void bidiStreaming_answersEachMessageAndEndsWhenTheClientCloses() {
        ClientStream<StringValue, StringValue> stream = client.bidiStreaming(EchoService.SHOUT, CallOptions.DEFAULT);
        stream.send(text("a"));
        assertThat(stream.receive()).contains(text("A"));
        stream.send(text(""));
        assertThat(stream.receive()).contains(text(""));
        stream.send(text("b"));
        assertThat(stream.receive()).contains(text("B"));
        stream.closeSend();
        assertThat(stream.receive()).isEmpty();
        assertThatThrownBy(() -> stream.send(text("late"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void oversizeRequest_isRefusedLocallyAndTheConnectionStaysUsable() {
        assertFails(
                () -> client.unary(EchoService.ECHO, text("x".repeat(5 << 20)), CallOptions.DEFAULT),
                ErrorKind.RESOURCE_EXHAUSTED,
                "exceed maximum message size of 4194304");
        assertThat(client.unary(EchoService.ECHO, text("after"), CallOptions.DEFAULT))
                .isEqualTo(text("after"));
    }

    @Test
    void oversizeResponse_isResourceExhausted() {
        assertFails(
                () -> client.unary(EchoService.HUGE, text(""), CallOptions.DEFAULT),
                ErrorKind.RESOURCE_EXHAUSTED,
                "exceed maximum message size of 4194304");
        assertThat(client.unary(EchoService.ECHO, text("after"), CallOptions.DEFAULT))
                .isEqualTo(text("after"));
    }

    @Test
    void clientStreamThatFillsTheServersBuffer_failsWithStreamFull() {
        ClientStream<StringValue, StringValue> stream = client.clientStreaming(EchoService.IGNORE, CallOptions.DEFAULT);
        for (int i = 0; i < 200; i++) {
            stream.send(text("message " + i));
        }
        assertFails(stream::receive, ErrorKind.INVALID_ARGUMENT, "data handling error: ttrpc: stream buffer full");
        assertThat(client.unary(EchoService.ECHO, text("after"), CallOptions.DEFAULT))
                .isEqualTo(text("after"));
    }

    @Test
    void connectionLoss_failsPendingCallsWithUnavailable() throws Exception {
        CompletableFuture<StringValue> pending = client.unaryAsync(EchoService.BLOCK, text(""), CallOptions.DEFAULT);
        assertThat(echo.blocked.await(10, TimeUnit.SECONDS)).isTrue();
        server.close();
        assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
        await().atMost(WAIT).until(() -> !client.isConnected());
        assertFails(
                () -> client.unary(EchoService.ECHO, text(""), CallOptions.DEFAULT), ErrorKind.UNAVAILABLE, "closed");
    }

    @Test
    void gracefulShutdown_finishesTheCallInFlightThenClosesAndStopsAccepting() throws Exception {
        CompletableFuture<StringValue> inFlight =
                client.unaryAsync(EchoService.BLOCK, text("in flight"), CallOptions.DEFAULT);
        assertThat(echo.blocked.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> server.shutdown(Duration.ofSeconds(20)));
        await().atMost(WAIT).until(() -> !canConnect());
        assertThat(inFlight).isNotDone();
        echo.release.countDown();
        assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo(text("in flight"));
        shutdown.get(10, TimeUnit.SECONDS);
        assertThat(server.connectionCount()).isZero();
        await().atMost(WAIT).until(() -> !client.isConnected());
    }

    @Test
    void gracefulShutdown_closesIdleConnections() {
        server.shutdown(Duration.ofSeconds(20));
        await().atMost(WAIT).until(() -> !client.isConnected());
        assertThat(canConnect()).isFalse();
    }

    protected boolean canConnect() {
        try (TtrpcClient probe = TtrpcClient.connect(transport)) {
            return probe.isConnected();
        } catch (CortadoException e) {
            return false;
        }
    }

    protected static List<String> receiveAll(ClientStream<?, StringValue> stream) {
        List<String> values = new ArrayList<>();
        for (Optional<StringValue> m = stream.receive(); m.isPresent(); m = stream.receive()) {
            values.add(m.get().getValue());
        }
        return values;
    }

    protected static void assertFails(ThrowingCallable call, ErrorKind kind, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CortadoException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
