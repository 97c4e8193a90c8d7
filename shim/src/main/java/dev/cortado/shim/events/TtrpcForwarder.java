package dev.cortado.shim.events;

import dev.cortado.api.containerd.services.events.ttrpc.v1.EventsGrpc;
import dev.cortado.api.containerd.services.events.ttrpc.v1.ForwardRequest;
import dev.cortado.api.containerd.types.Envelope;
import dev.cortado.ttrpc.Metadata;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.client.CallOptions;
import dev.cortado.ttrpc.client.TtrpcClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Forwards events to containerd's {@code containerd.services.events.ttrpc.v1.Events/Forward}
 * on {@code TTRPC_ADDRESS}, reconnecting when the connection was lost (containerd restarted).
 * Each call has containerd's 5 s timeout.
 */
public final class TtrpcForwarder implements Forwarder, AutoCloseable {
    private static final TtrpcMethod<ForwardRequest, com.google.protobuf.Empty> FORWARD =
            TtrpcMethod.of(EventsGrpc.getForwardMethod());
    private final Path socket;
    private TtrpcClient client;

    public TtrpcForwarder(Path socket) {
        this.socket = socket;
    }

    @Override
    public synchronized void forward(String namespace, Instant timestamp, TaskEvent event) {
        if (client == null || !client.isConnected()) {
            close();
            client = TtrpcClient.connect(TtrpcTransport.unixSocket(socket));
        }
        Envelope envelope = Envelope.newBuilder()
                .setTimestamp(com.google.protobuf.Timestamp.newBuilder()
                        .setSeconds(timestamp.getEpochSecond())
                        .setNanos(timestamp.getNano()))
                .setNamespace(namespace)
                .setTopic(event.topic())
                .setEvent(EventEncoder.encode(event))
                .build();
        CallOptions options = CallOptions.DEFAULT
                .withTimeout(Duration.ofSeconds(5))
                .withMetadata(Metadata.of(java.util.Map.of("containerd-namespace-ttrpc", namespace)));
        client.unary(FORWARD, ForwardRequest.newBuilder().setEnvelope(envelope).build(), options);
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
