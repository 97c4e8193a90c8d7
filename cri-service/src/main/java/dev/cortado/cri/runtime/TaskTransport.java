package dev.cortado.cri.runtime;

import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One connection to a shim's Task API: ttrpc (task v2 or v3) or gRPC (task v3). Methods are
 * named by the generated v3 descriptors; the ttrpc transport sends them under the service the
 * bootstrap reply chose. Futures fail with {@code CortadoException} of the status's kind.
 */
interface TaskTransport extends AutoCloseable {
    <Q, R> CompletableFuture<R> call(MethodDescriptor<Q, R> method, Q request, Optional<Duration> timeout);

    boolean isConnected();

    @Override
    void close();
}
