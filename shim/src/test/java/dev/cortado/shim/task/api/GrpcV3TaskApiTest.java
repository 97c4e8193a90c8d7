package dev.cortado.shim.task.api;

import dev.cortado.errors.ErrorInterceptor;
import dev.cortado.transport.UnixGrpc;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The Task API contract over gRPC as {@code containerd.task.v3.Task} (containerd 2.x with protocol grpc). */
class GrpcV3TaskApiTest extends TaskApiContract {
    private static final Metadata.Key<String> NAMESPACE =
            Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    protected TaskTransport open(Path socket) throws Exception {
        EventLoopGroup loops = UnixGrpc.eventLoops(1);
        Server server = UnixGrpc.serverBuilder(socket, loops, loops)
                .addService(ServerInterceptors.intercept(
                        ServerInterceptors.intercept(adapter, new NamespaceInterceptor("")), new ErrorInterceptor()))
                .build()
                .start();
        UnixGrpc.Channel channel = UnixGrpc.channel(socket);
        return new TaskTransport() {
            @Override
            public <Q, R> R call(String namespace, MethodDescriptor<Q, R> method, Q request) {
                Metadata headers = new Metadata();
                headers.put(NAMESPACE, namespace);
                return ClientCalls.blockingUnaryCall(
                        ClientInterceptors.intercept(
                                channel.managed(), MetadataUtils.newAttachHeadersInterceptor(headers)),
                        method,
                        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                        request);
            }

            @Override
            public void close() {
                channel.close();
                try {
                    server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        };
    }
}
