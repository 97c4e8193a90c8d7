package dev.cortado.ttrpc.client;

import static dev.cortado.ttrpc.EchoService.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.ttrpc.EchoService;
import dev.cortado.ttrpc.MethodType;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.server.TtrpcServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Netty-free one-call client speaks the same ttrpc as the server: answers, errors, deadlines. */
class BlockingUnaryCallTest {
    @TempDir
    Path tmp;

    private final EchoService echo = new EchoService();
    private TtrpcServer server;
    private Path socket;

    @BeforeEach
    void start() {
        socket = tmp.resolve("t.sock");
        server = TtrpcServer.builder(TtrpcTransport.unixSocket(socket))
                .service(echo.definition())
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        echo.release.countDown();
        server.shutdown(Duration.ofSeconds(1));
    }

    private static void assertFails(Runnable call, ErrorKind kind, String fragment) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(kind))
                .hasMessageContaining(fragment);
    }

    @Test
    void unaryCall_getsTheAnswer() {
        assertThat(BlockingUnaryCall.call(socket, EchoService.ECHO, text("hi"), Duration.ofSeconds(10))
                        .getValue())
                .isEqualTo("hi");
    }

    @Test
    void errorStatus_andUnknownMethod_becomeOurErrors() {
        assertFails(
                () -> BlockingUnaryCall.call(socket, EchoService.FAIL, text("NOT_FOUND"), Duration.ofSeconds(10)),
                ErrorKind.NOT_FOUND,
                "failed on purpose");
        TtrpcMethod<StringValue, StringValue> missing = TtrpcMethod.of(
                EchoService.NAME, "Missing", MethodType.UNARY, StringValue.parser(), StringValue.parser());
        assertFails(
                () -> BlockingUnaryCall.call(socket, missing, text("x"), Duration.ofSeconds(10)),
                ErrorKind.UNIMPLEMENTED,
                "Missing");
    }

    @Test
    void aServerThatDoesNotAnswer_endsInDeadlineExceeded() {
        assertFails(
                () -> BlockingUnaryCall.call(socket, EchoService.BLOCK, text("x"), Duration.ofMillis(300)),
                ErrorKind.DEADLINE_EXCEEDED,
                "deadline");
    }

    @Test
    void noServer_isUnavailable() {
        assertFails(
                () -> BlockingUnaryCall.call(
                        tmp.resolve("none.sock"), EchoService.ECHO, text("x"), Duration.ofSeconds(1)),
                ErrorKind.UNAVAILABLE,
                "none.sock");
    }

    @Test
    void streamingMethods_areRefused() {
        assertThatThrownBy(() -> BlockingUnaryCall.call(socket, EchoService.SPLIT, text("x"), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
