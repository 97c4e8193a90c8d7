package dev.cortado.ttrpc.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.ttrpc.Metadata;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.client.CallOptions;
import dev.cortado.ttrpc.client.TtrpcClient;
import dev.cortado.ttrpc.server.TtrpcServer;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.MethodDescriptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A gRPC service implementation answering over ttrpc, under its own name and a second one. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GrpcServiceBridgeTest {
    private static final MethodDescriptor<StringValue, StringValue> LOOKUP =
            MethodDescriptor.<StringValue, StringValue>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName("cortado.test.v3.Store/Lookup")
                    .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                    .build();
    private static final Context.Key<String> NAMESPACE = Context.key("namespace");
    private static final io.grpc.Metadata.Key<String> NAMESPACE_HEADER =
            io.grpc.Metadata.Key.of("containerd-namespace-ttrpc", io.grpc.Metadata.ASCII_STRING_MARSHALLER);

    @TempDir
    Path dir;

    private TtrpcServer server;
    private TtrpcClient client;

    @BeforeEach
    void start() {
        ServerServiceDefinition store = ServerServiceDefinition.builder("cortado.test.v3.Store")
                .addMethod(LOOKUP, ServerCalls.asyncUnaryCall((request, observer) -> {
                    switch (request.getValue()) {
                        case "missing" -> observer.onError(CortadoException.notFound("item missing not found"));
                        case "throw" -> throw CortadoException.failedPrecondition("store is read-only");
                        default -> {
                            observer.onNext(StringValue.of(request.getValue() + "@" + NAMESPACE.get()));
                            observer.onCompleted();
                        }
                    }
                }))
                .build();
        // An interceptor of the kind the shim will use to read containerd's namespace header.
        ServerServiceDefinition withNamespace = ServerInterceptors.intercept(store, new io.grpc.ServerInterceptor() {
            @Override
            public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
                    io.grpc.ServerCall<Q, R> call, io.grpc.Metadata headers, io.grpc.ServerCallHandler<Q, R> next) {
                return Contexts.interceptCall(
                        Context.current().withValue(NAMESPACE, headers.get(NAMESPACE_HEADER)), call, headers, next);
            }
        });
        TtrpcTransport transport = TtrpcTransport.unixSocket(dir.resolve("bridge.sock"));
        server = TtrpcServer.builder(transport)
                .service(GrpcServiceBridge.toTtrpc(withNamespace))
                .service(GrpcServiceBridge.toTtrpc(withNamespace, "cortado.test.v2.Store"))
                .build()
                .start();
        client = TtrpcClient.connect(transport);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void unary_answersWithTheResponseAndSeesMetadataAsHeaders() {
        CallOptions options = CallOptions.DEFAULT.withMetadata(
                Metadata.builder().add("containerd-namespace-ttrpc", "k8s.io").build());
        assertThat(client.unary(TtrpcMethod.of(LOOKUP), StringValue.of("item"), options))
                .isEqualTo(StringValue.of("item@k8s.io"));
    }

    @Test
    void sameImplementation_answersUnderTheSecondServiceName() {
        TtrpcMethod<StringValue, StringValue> v2 = TtrpcMethod.of(LOOKUP).withService("cortado.test.v2.Store");
        assertThat(client.unary(v2, StringValue.of("item"), CallOptions.DEFAULT))
                .isEqualTo(StringValue.of("item@null"));
    }

    @Test
    void errorPassedToOnError_keepsItsKind() {
        assertThatThrownBy(() -> client.unary(TtrpcMethod.of(LOOKUP), StringValue.of("missing"), CallOptions.DEFAULT))
                .isInstanceOfSatisfying(CortadoException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("item missing not found");
                });
    }

    @Test
    void errorThrownByTheHandler_keepsItsKind() {
        assertThatThrownBy(() -> client.unary(TtrpcMethod.of(LOOKUP), StringValue.of("throw"), CallOptions.DEFAULT))
                .isInstanceOfSatisfying(CortadoException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION);
                    assertThat(e.getMessage()).isEqualTo("store is read-only");
                });
    }
}
