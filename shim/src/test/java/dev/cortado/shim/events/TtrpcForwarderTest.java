package dev.cortado.shim.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Empty;
import dev.cortado.api.containerd.events.TaskExit;
import dev.cortado.api.containerd.services.events.ttrpc.v1.EventsGrpc;
import dev.cortado.api.containerd.services.events.ttrpc.v1.ForwardRequest;
import dev.cortado.api.containerd.types.Envelope;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcService;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.server.TtrpcServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events reach a containerd-like ttrpc Events/Forward server as containerd expects them. */
class TtrpcForwarderTest {
    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("try") // the resource is held open for the body (or closed early on purpose)
    void exitEvent_isForwardedAsAnEnvelopeWithTopicNamespaceAndBareTypeUrl() throws Exception {
        List<Envelope> received = new CopyOnWriteArrayList<>();
        TtrpcMethod<ForwardRequest, Empty> forward = TtrpcMethod.of(EventsGrpc.getForwardMethod());
        Path socket = tmp.resolve("containerd.sock.ttrpc");
        try (TtrpcServer containerd = TtrpcServer.builder(TtrpcTransport.unixSocket(socket))
                        .service(TtrpcService.builder(forward.service())
                                .unary(forward, (ctx, req) -> {
                                    received.add(req.getEnvelope());
                                    return Empty.getDefaultInstance();
                                })
                                .build())
                        .build()
                        .start();
                TtrpcForwarder forwarder = new TtrpcForwarder(socket);
                ForwardingPublisher publisher = new ForwardingPublisher(forwarder, Clock.systemUTC(), Duration.ZERO)) {
            publisher.publish("k8s.io", new TaskEvent.Exited("c1", "e1", 42, 3, Instant.ofEpochSecond(7)));

            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        }
        Envelope e = received.get(0);
        assertThat(e.getTopic()).isEqualTo("/tasks/exit");
        assertThat(e.getNamespace()).isEqualTo("k8s.io");
        assertThat(e.getEvent().getTypeUrl()).isEqualTo("containerd.events.TaskExit");
        TaskExit exit = TaskExit.parseFrom(e.getEvent().getValue());
        assertThat(exit.getContainerId()).isEqualTo("c1");
        assertThat(exit.getId()).isEqualTo("e1");
        assertThat(exit.getExitStatus()).isEqualTo(3);
    }
}
