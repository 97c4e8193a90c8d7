package dev.cortado.ttrpc.client;

import static dev.cortado.ttrpc.EchoService.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import com.google.rpc.Status;
import dev.cortado.api.ttrpc.KeyValue;
import dev.cortado.api.ttrpc.Request;
import dev.cortado.api.ttrpc.Response;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.ttrpc.EchoService;
import dev.cortado.ttrpc.Metadata;
import dev.cortado.ttrpc.RawPeer;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.frame.Frame;
import dev.cortado.ttrpc.frame.FrameType;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client seen from the wire: what it sends to a hand-driven server, and how it reads answers. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientWireTest {
    @TempDir
    Path dir;

    private ServerSocketChannel listener;
    private TtrpcClient client;
    private RawPeer server;

    @BeforeEach
    void connect() throws IOException {
        Path socket = dir.resolve("raw.sock");
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
        client = TtrpcClient.connect(TtrpcTransport.unixSocket(socket));
        server = new RawPeer(listener.accept());
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        server.close();
        listener.close();
    }

    @Test
    void unaryCalls_useOddIncreasingIdsFromOneWithFlagsZeroTimeoutAndMetadata() throws Exception {
        CallOptions options = CallOptions.DEFAULT
                .withTimeout(Duration.ofSeconds(7))
                .withMetadata(Metadata.builder().add("k", "a").add("k", "b").build());
        CompletableFuture<StringValue> first = client.unaryAsync(EchoService.ECHO, text("one"), options);
        Frame request = server.read();
        assertThat(request.streamId()).isEqualTo(1);
        assertThat(request.type()).isEqualTo(FrameType.REQUEST);
        assertThat(request.flags()).isZero();
        assertThat(Request.parseFrom(request.payload()))
                .isEqualTo(Request.newBuilder()
                        .setService("cortado.test.Echo")
                        .setMethod("Echo")
                        .setPayload(text("one").toByteString())
                        .setTimeoutNano(7_000_000_000L)
                        .addMetadata(KeyValue.newBuilder().setKey("k").setValue("a"))
                        .addMetadata(KeyValue.newBuilder().setKey("k").setValue("b"))
                        .build());

        CompletableFuture<StringValue> second = client.unaryAsync(EchoService.ECHO, text("two"), CallOptions.DEFAULT);
        assertThat(server.read().streamId()).isEqualTo(3);
        // Answered out of order: each answer finds its call by stream id.
        server.write(ok(3, text("answer two")));
        server.write(ok(1, text("answer one")));
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(text("answer two"));
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(text("answer one"));
    }

    @Test
    void errorStatus_becomesCortadoExceptionOfThatKind() {
        CompletableFuture<StringValue> call = client.unaryAsync(EchoService.ECHO, text(""), CallOptions.DEFAULT);
        server.read();
        server.write(response(
                1,
                Status.newBuilder()
                        .setCode(5)
                        .setMessage("container c1 not found")
                        .build(),
                text("")));
        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(CortadoException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("container c1 not found");
                });
    }

    @Test
    void clientStreaming_opensRemoteOpenSendsDataAndClosesWithRemoteClosedNoData() {
        ClientStream<StringValue, StringValue> stream = client.clientStreaming(EchoService.JOIN, CallOptions.DEFAULT);
        stream.send(text("x"));
        stream.send(text(""));
        stream.closeSend();
        Frame open = server.read();
        assertThat(open.streamId()).isEqualTo(1);
        assertThat(open.flags()).isEqualTo(Frame.FLAG_REMOTE_OPEN);
        assertThat(server.read())
                .isEqualTo(new Frame(1, FrameType.DATA, 0, text("x").toByteArray()));
        assertThat(server.read()).isEqualTo(new Frame(1, FrameType.DATA, 0, new byte[0]));
        assertThat(server.read())
                .isEqualTo(Frame.empty(1, FrameType.DATA, Frame.FLAG_REMOTE_CLOSED | Frame.FLAG_NO_DATA));
        server.write(ok(1, text("joined")));
        assertThat(stream.receive()).contains(text("joined"));
        assertThat(stream.receive()).isEmpty();
    }

    @Test
    void serverStreaming_sendsRequestWithRemoteClosedAndReadsDataUntilRemoteClosed() {
        ClientStream<StringValue, StringValue> stream =
                client.serverStreaming(EchoService.SPLIT, text("a,b"), CallOptions.DEFAULT);
        Frame open = server.read();
        assertThat(open.flags()).isEqualTo(Frame.FLAG_REMOTE_CLOSED);
        server.write(new Frame(1, FrameType.DATA, 0, text("a").toByteArray()));
        server.write(new Frame(1, FrameType.DATA, 0, new byte[0]));
        server.write(new Frame(
                1, FrameType.DATA, Frame.FLAG_REMOTE_CLOSED, text("last").toByteArray()));
        assertThat(stream.receive()).contains(text("a"));
        assertThat(stream.receive()).contains(StringValue.getDefaultInstance());
        assertThat(stream.receive()).contains(text("last"));
        assertThat(stream.receive()).isEmpty();
    }

    @Test
    void connectionLoss_failsEveryPendingCallWithUnavailable() {
        CompletableFuture<StringValue> unary = client.unaryAsync(EchoService.ECHO, text(""), CallOptions.DEFAULT);
        ClientStream<StringValue, StringValue> stream =
                client.serverStreaming(EchoService.SPLIT, text(""), CallOptions.DEFAULT);
        server.read();
        server.read();
        server.close();
        assertThatThrownBy(unary::join)
                .cause()
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
        assertThatThrownBy(stream::receive)
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
    }

    @Test
    void timeout_failsTheCallLocallyWhenNoAnswerComes() {
        CompletableFuture<StringValue> call =
                client.unaryAsync(EchoService.ECHO, text(""), CallOptions.DEFAULT.withTimeout(Duration.ofMillis(20)));
        assertThatThrownBy(call::join)
                .cause()
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.DEADLINE_EXCEEDED));
    }

    private static Frame ok(int id, StringValue payload) {
        return response(id, Status.getDefaultInstance(), payload);
    }

    private static Frame response(int id, Status status, StringValue payload) {
        return new Frame(
                id,
                FrameType.RESPONSE,
                0,
                Response.newBuilder()
                        .setStatus(status)
                        .setPayload(payload.toByteString())
                        .build()
                        .toByteArray());
    }
}
