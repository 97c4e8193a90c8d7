package dev.cortado.cri.runtime;

import dev.cortado.ttrpc.Metadata;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.client.CallOptions;
import dev.cortado.ttrpc.client.TtrpcClient;
import io.grpc.MethodDescriptor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The Task API over ttrpc; every call carries the namespace in {@code containerd-namespace-ttrpc}
 * ({@code pkg/namespaces/ttrpc.go}), as containerd's calls do.
 */
final class TtrpcTaskTransport implements TaskTransport {
    private final TtrpcClient client;
    private final String service;
    private final CallOptions options;

    private TtrpcTaskTransport(TtrpcClient client, String service, String namespace) {
        this.client = client;
        this.service = service;
        this.options = CallOptions.DEFAULT.withMetadata(Metadata.of(Map.of("containerd-namespace-ttrpc", namespace)));
    }

    static TtrpcTaskTransport connect(Path socket, String service, String namespace) {
        return new TtrpcTaskTransport(TtrpcClient.connect(TtrpcTransport.unixSocket(socket)), service, namespace);
    }

    @Override
    public <Q, R> CompletableFuture<R> call(MethodDescriptor<Q, R> method, Q request, Optional<Duration> timeout) {
        CallOptions call = timeout.map(options::withTimeout).orElse(options);
        return client.unaryAsync(TtrpcMethod.of(method).withService(service), request, call);
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        client.close();
    }
}
