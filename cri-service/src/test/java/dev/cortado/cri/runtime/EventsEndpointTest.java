package dev.cortado.cri.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.cortado.api.containerd.events.TaskCreate;
import dev.cortado.api.containerd.events.TaskExit;
import dev.cortado.api.containerd.events.TaskOOM;
import dev.cortado.api.containerd.events.TaskStart;
import dev.cortado.api.containerd.services.events.ttrpc.v1.EventsGrpc;
import dev.cortado.api.containerd.services.events.ttrpc.v1.ForwardRequest;
import dev.cortado.api.containerd.types.Envelope;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.client.CallOptions;
import dev.cortado.ttrpc.client.TtrpcClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events/Forward as a shim calls it, on a real unix socket. */
class EventsEndpointTest {
    private static final TtrpcMethod<ForwardRequest, Empty> FORWARD = TtrpcMethod.of(EventsGrpc.getForwardMethod());

    @TempDir
    Path dir;

    private static ForwardRequest envelope(String topic, Message event) {
        return envelope(topic, event.getDescriptorForType().getFullName(), event.toByteString());
    }

    private static ForwardRequest envelope(String topic, String typeUrl, ByteString value) {
        return ForwardRequest.newBuilder()
                .setEnvelope(Envelope.newBuilder()
                        .setNamespace("k8s.io")
                        .setTopic(topic)
                        .setEvent(Any.newBuilder().setTypeUrl(typeUrl).setValue(value)))
                .build();
    }

    @Test
    void forwardedEvents_reachSubscribersDecoded_inTheShimsOrder() throws Exception {
        BlockingQueue<TaskEvent> got = new LinkedBlockingQueue<>();
        try (EventDispatcher<TaskEvent> dispatcher = new EventDispatcher<>();
                EventsEndpoint endpoint = EventsEndpoint.start(dir.resolve("events.sock"), dispatcher);
                TtrpcClient shim = TtrpcClient.connect(TtrpcTransport.unixSocket(endpoint.socket()))) {
            dispatcher.subscribe(got::add);
            shim.unary(
                    FORWARD,
                    envelope(
                            "/tasks/create",
                            TaskCreate.newBuilder()
                                    .setContainerId("c1")
                                    .setPid(10)
                                    .setBundle("/b")
                                    .build()),
                    CallOptions.DEFAULT);
            shim.unary(
                    FORWARD,
                    envelope(
                            "/tasks/start",
                            TaskStart.newBuilder()
                                    .setContainerId("c1")
                                    .setPid(10)
                                    .build()),
                    CallOptions.DEFAULT);
            // not a task event: answered, not delivered
            shim.unary(
                    FORWARD,
                    envelope("/images/create", "containerd.events.ImageCreate", ByteString.EMPTY),
                    CallOptions.DEFAULT);
            shim.unary(
                    FORWARD,
                    envelope(
                            "/tasks/oom",
                            "type.googleapis.com/containerd.events.TaskOOM",
                            TaskOOM.newBuilder().setContainerId("c1").build().toByteString()),
                    CallOptions.DEFAULT);
            shim.unary(
                    FORWARD,
                    envelope(
                            "/tasks/exit",
                            TaskExit.newBuilder()
                                    .setContainerId("c1")
                                    .setId("c1")
                                    .setPid(10)
                                    .setExitStatus(137)
                                    .setExitedAt(Timestamp.newBuilder().setSeconds(5))
                                    .build()),
                    CallOptions.DEFAULT);

            List<TaskEvent> events = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                events.add(got.poll(5, TimeUnit.SECONDS));
            }
            assertThat(events)
                    .containsExactly(
                            new TaskEvent.Created("k8s.io", "c1", 10, "/b"),
                            new TaskEvent.Started("k8s.io", "c1", 10),
                            new TaskEvent.Oom("k8s.io", "c1"),
                            new TaskEvent.Exited("k8s.io", "c1", "c1", 10, 137, Instant.ofEpochSecond(5), false));
            assertThat(got.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void taskEventThatDoesNotParse_isInvalidArgumentToTheShim() throws Exception {
        try (EventDispatcher<TaskEvent> dispatcher = new EventDispatcher<>();
                EventsEndpoint endpoint = EventsEndpoint.start(dir.resolve("events.sock"), dispatcher);
                TtrpcClient shim = TtrpcClient.connect(TtrpcTransport.unixSocket(endpoint.socket()))) {
            assertThatThrownBy(() -> shim.unary(
                            FORWARD,
                            envelope("/tasks/exit", "containerd.events.TaskExit", ByteString.copyFrom(new byte[] {
                                (byte) 0xff, 0x01
                            })),
                            CallOptions.DEFAULT))
                    .isInstanceOf(CortadoException.class)
                    .hasMessageContaining("TaskExit")
                    .extracting(e -> ((CortadoException) e).kind())
                    .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        }
    }

    @Test
    void throwingSubscriber_doesNotStopOthers() throws Exception {
        BlockingQueue<TaskEvent> got = new LinkedBlockingQueue<>();
        try (EventDispatcher<TaskEvent> dispatcher = new EventDispatcher<>()) {
            dispatcher.subscribe(e -> {
                throw new IllegalStateException("broken subscriber");
            });
            AutoCloseable second = dispatcher.subscribe(got::add);
            dispatcher.publish(new TaskEvent.Paused("ns", "c"));
            assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo(new TaskEvent.Paused("ns", "c"));
            second.close();
            dispatcher.publish(new TaskEvent.Resumed("ns", "c"));
            assertThat(got.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }
}
