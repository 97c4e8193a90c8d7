package dev.cortado.ttrpc.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.client.CallOptions;
import dev.cortado.ttrpc.client.TtrpcClient;
import dev.cortado.ttrpc.server.TtrpcServer;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gRPC handler that answers later, from another thread (as the shim's Task.Wait answers when
 * the process exits), served over ttrpc on ONE handler thread: waiting calls hold no thread, so
 * other calls still run, and a waiting call that ends first cancels the handler's context.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LaterAnswerBridgeTest {
    private static final MethodDescriptor<StringValue, StringValue> LATER = method("Later");
    private static final MethodDescriptor<StringValue, StringValue> NOW = method("Now");

    @TempDir
    Path dir;

    private final BlockingQueue<StreamObserver<StringValue>> waiting = new LinkedBlockingQueue<>();
    private final CountDownLatch contextCancelled = new CountDownLatch(1);
    private final ExecutorService oneThread = Executors.newSingleThreadExecutor();
    private TtrpcServer server;
    private TtrpcClient client;

    private static MethodDescriptor<StringValue, StringValue> method(String name) {
        return MethodDescriptor.<StringValue, StringValue>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("cortado.test.v3.Clock/" + name)
                .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                .build();
    }

    @BeforeEach
    void start() {
        ServerServiceDefinition clock = ServerServiceDefinition.builder("cortado.test.v3.Clock")
                .addMethod(LATER, ServerCalls.asyncUnaryCall((request, observer) -> {
                    Context.current().addListener(c -> contextCancelled.countDown(), Runnable::run);
                    waiting.add(observer); // answered by the test, from its own thread
                }))
                .addMethod(NOW, ServerCalls.asyncUnaryCall((request, observer) -> {
                    observer.onNext(StringValue.of("now " + request.getValue()));
                    observer.onCompleted();
                }))
                .build();
        TtrpcTransport transport = TtrpcTransport.unixSocket(dir.resolve("later.sock"));
        server = TtrpcServer.builder(transport)
                .handlerExecutor(oneThread)
                .service(GrpcServiceBridge.toTtrpc(clock))
                .build()
                .start();
        client = TtrpcClient.connect(transport);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        oneThread.shutdownNow();
    }

    @Test
    void callsAnsweredLater_holdNoHandlerThread_andGetTheirOwnAnswers() throws Exception {
        List<CompletableFuture<StringValue>> later = IntStream.range(0, 3)
                .mapToObj(i -> client.unaryAsync(TtrpcMethod.of(LATER), StringValue.of("l" + i), CallOptions.DEFAULT))
                .toList();
        for (int i = 0; i < 3; i++) {
            assertThat(waiting.poll(10, TimeUnit.SECONDS))
                    .as("later call %d reached its handler", i)
                    .isNotNull();
        }
        waiting.clear();

        // the one handler thread is free while three calls wait
        assertThat(client.unary(TtrpcMethod.of(NOW), StringValue.of("x"), CallOptions.DEFAULT)
                        .getValue())
                .isEqualTo("now x");
        assertThat(later).noneMatch(CompletableFuture::isDone);
    }

    @Test
    void answerGivenFromAnotherThread_reachesTheCaller_errorsKeepTheirKind() throws Exception {
        CompletableFuture<StringValue> ok =
                client.unaryAsync(TtrpcMethod.of(LATER), StringValue.of("a"), CallOptions.DEFAULT);
        StreamObserver<StringValue> first = waiting.poll(10, TimeUnit.SECONDS);
        CompletableFuture<StringValue> failed =
                client.unaryAsync(TtrpcMethod.of(LATER), StringValue.of("b"), CallOptions.DEFAULT);
        StreamObserver<StringValue> second = waiting.poll(10, TimeUnit.SECONDS);

        Thread answering = new Thread(() -> {
            first.onNext(StringValue.of("exited 137"));
            first.onCompleted();
            second.onError(CortadoException.notFound("task b not found"));
        });
        answering.start();
        answering.join();

        assertThat(ok.get(10, TimeUnit.SECONDS).getValue()).isEqualTo("exited 137");
        assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void callThatPassesItsDeadline_failsAndCancelsTheHandlersContext() throws Exception {
        CallOptions soon = CallOptions.DEFAULT.withTimeout(Duration.ofMillis(300));

        assertThatThrownBy(() -> client.unary(TtrpcMethod.of(LATER), StringValue.of("x"), soon))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.DEADLINE_EXCEEDED));
        assertThat(contextCancelled.await(10, TimeUnit.SECONDS))
                .as("the handler's gRPC context is cancelled")
                .isTrue();
        // an answer after the end is dropped; the connection serves on
        StreamObserver<StringValue> late = waiting.poll(10, TimeUnit.SECONDS);
        late.onNext(StringValue.of("too late"));
        late.onCompleted();
        assertThat(client.unary(TtrpcMethod.of(NOW), StringValue.of("y"), CallOptions.DEFAULT)
                        .getValue())
                .isEqualTo("now y");
    }
}
