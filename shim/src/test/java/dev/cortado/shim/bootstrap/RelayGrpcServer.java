package dev.cortado.shim.bootstrap;

import com.google.protobuf.StringValue;
import dev.cortado.transport.UnixGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The server a relay runs in {@link RelayGrpcTest}: a JVM serving gRPC {@code test.Relay/Echo}
 * and {@code Block} (never answered; it touches {@code ROOT/blocked}) on its backend path,
 * asking the relay to hold {@code ROOT/g.sock} byte for byte, as the shim server does its gRPC
 * sockets. usage: RelayGrpcServer ROOT
 */
final class RelayGrpcServer {
    static final MethodDescriptor<StringValue, StringValue> ECHO = method("Echo");
    static final MethodDescriptor<StringValue, StringValue> BLOCK = method("Block");

    private RelayGrpcServer() {}

    static MethodDescriptor<StringValue, StringValue> method(String name) {
        return MethodDescriptor.<StringValue, StringValue>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("test.Relay/" + name)
                .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                .build();
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path backend = root.resolve("b/r-g.sock");
        Files.deleteIfExists(backend);
        var loops = UnixGrpc.eventLoops(1);
        UnixGrpc.serverBuilder(backend, loops, loops)
                .addService(ServerServiceDefinition.builder("test.Relay")
                        .addMethod(ECHO, ServerCalls.asyncUnaryCall((r, out) -> {
                            out.onNext(StringValue.of("echo " + r.getValue() + " from "
                                    + ProcessHandle.current().pid()));
                            out.onCompleted();
                        }))
                        .addMethod(BLOCK, ServerCalls.asyncUnaryCall((r, out) -> {
                            try {
                                Files.writeString(root.resolve("blocked"), "");
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }))
                        .build())
                .build()
                .start();
        RelayControl relay = RelayControl.fromEnv(Map.copyOf(System.getenv())).orElseThrow();
        relay.listenBytes(root.resolve("g.sock"), backend);
        relay.hello();
        Thread.sleep(Long.MAX_VALUE);
    }
}
