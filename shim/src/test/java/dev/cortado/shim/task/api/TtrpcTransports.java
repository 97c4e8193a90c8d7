package dev.cortado.shim.task.api;

import dev.cortado.ttrpc.Metadata;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.client.CallOptions;
import dev.cortado.ttrpc.client.TtrpcClient;
import dev.cortado.ttrpc.grpc.GrpcServiceBridge;
import dev.cortado.ttrpc.server.TtrpcServer;
import io.grpc.MethodDescriptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The adapter served over ttrpc as the shim serves it, and a ttrpc client under either service name. */
final class TtrpcTransports {
    private TtrpcTransports() {}

    static TaskTransport open(TaskApiAdapter adapter, Path socket, String serviceName) {
        ServerServiceDefinition task = ServerInterceptors.intercept(adapter, new NamespaceInterceptor(""));
        TtrpcServer server = TtrpcServer.builder(TtrpcTransport.unixSocket(socket))
                .service(GrpcServiceBridge.toTtrpc(task))
                .service(GrpcServiceBridge.toTtrpc(task, "containerd.task.v2.Task"))
                .build()
                .start();
        TtrpcClient client = TtrpcClient.connect(TtrpcTransport.unixSocket(socket));
        return new TaskTransport() {
            @Override
            public <Q, R> R call(String namespace, MethodDescriptor<Q, R> method, Q request) {
                CallOptions options = CallOptions.DEFAULT
                        .withTimeout(Duration.ofSeconds(10))
                        .withMetadata(Metadata.of(Map.of("containerd-namespace-ttrpc", namespace)));
                return client.unary(TtrpcMethod.of(method).withService(serviceName), request, options);
            }

            @Override
            public void close() {
                client.close();
                server.shutdown(Duration.ofSeconds(1));
            }
        };
    }
}
