package dev.cortado.cri.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.ContainerEventResponse;
import dev.cortado.api.cri.v1.ContainerEventType;
import dev.cortado.api.cri.v1.GetEventsRequest;
import dev.cortado.api.cri.v1.PodSandboxState;
import dev.cortado.cri.container.ContainerEvent;
import dev.cortado.cri.container.ContainerStatus;
import dev.cortado.cri.sandbox.PodConfig;
import dev.cortado.cri.sandbox.PodNamespaces;
import dev.cortado.cri.sandbox.Sandbox;
import dev.cortado.cri.sandbox.SandboxMetadata;
import dev.cortado.cri.sandbox.SandboxNetwork;
import dev.cortado.cri.sandbox.SandboxState;
import dev.cortado.errors.CortadoException;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GetContainerEvents through a real CRI server and clients: order, fan-out, slow and cancelled clients. */
class ContainerEventsTest {
    private static final String POD = "e".repeat(64);
    private static final Sandbox SANDBOX = Sandbox.builder()
            .id(POD)
            .config(PodConfig.builder(new SandboxMetadata("p", "u", "ns", 0)).build())
            .state(SandboxState.READY)
            .createdAtNanos(77)
            .network(SandboxNetwork.NONE)
            .namespaces(PodNamespaces.HOST)
            .bootId("boot")
            .build();

    @TempDir
    Path dir;

    private CriHarness cri;

    @AfterEach
    void stop() {
        if (cri != null) {
            cri.close();
        }
    }

    private void start(int queue) throws Exception {
        cri = new CriHarness(
                dir,
                id -> {
                    if (!id.equals(POD)) {
                        throw CortadoException.notFound("pod %s not found", id);
                    }
                    return SANDBOX;
                },
                queue);
    }

    /** A client stream that reads everything as it comes. */
    private static final class Reader implements ClientResponseObserver<GetEventsRequest, ContainerEventResponse> {
        final BlockingQueue<ContainerEventResponse> events = new LinkedBlockingQueue<>();
        final CompletableFuture<Status> end = new CompletableFuture<>();
        final int initialRequest;
        volatile ClientCallStreamObserver<GetEventsRequest> call;

        Reader(int initialRequest) {
            this.initialRequest = initialRequest;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<GetEventsRequest> requestStream) {
            call = requestStream;
            if (initialRequest >= 0) {
                requestStream.disableAutoRequestWithInitial(initialRequest);
            }
        }

        @Override
        public void onNext(ContainerEventResponse value) {
            events.add(value);
        }

        @Override
        public void onError(Throwable t) {
            end.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            end.complete(Status.OK);
        }

        ContainerEventResponse next() throws InterruptedException {
            ContainerEventResponse e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("an event within 10 s").isNotNull();
            return e;
        }
    }

    private Reader subscribe(int initialRequest) throws Exception {
        Reader reader = new Reader(initialRequest);
        int before = cri.events.subscriberCount();
        cri.async().getContainerEvents(GetEventsRequest.getDefaultInstance(), reader);
        await(() -> cri.events.subscriberCount() == before + 1);
        return reader;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private String addContainer(int n, String annotation) {
        String id = FakeContainers.id(n);
        cri.containers.put(FakeContainers.container(
                id,
                POD,
                FakeContainers.config("c" + n).toBuilder()
                        .putAnnotations("pad", annotation)
                        .build(),
                ContainerStatus.created(n, 0)));
        return id;
    }

    @Test
    void lifecycle_arrivesInOrder_withThePodAndItsContainersStatuses() throws Exception {
        start(ContainerEventFanout.DEFAULT_QUEUE);
        Reader reader = subscribe(-1);
        String id = addContainer(1, "");
        addContainer(2, "");

        for (ContainerEvent.Type type : ContainerEvent.Type.values()) {
            cri.containers.emit(new ContainerEvent(type, id, POD, 1_000 + type.ordinal()));
        }

        List<ContainerEventResponse> got = List.of(reader.next(), reader.next(), reader.next(), reader.next());
        assertThat(got)
                .extracting(ContainerEventResponse::getContainerEventType)
                .containsExactly(
                        ContainerEventType.CONTAINER_CREATED_EVENT, ContainerEventType.CONTAINER_STARTED_EVENT,
                        ContainerEventType.CONTAINER_STOPPED_EVENT, ContainerEventType.CONTAINER_DELETED_EVENT);
        assertThat(got)
                .extracting(ContainerEventResponse::getCreatedAt)
                .containsExactly(1_000L, 1_001L, 1_002L, 1_003L);
        ContainerEventResponse first = got.get(0);
        assertThat(first.getContainerId()).isEqualTo(id);
        assertThat(first.getPodSandboxStatus().getId()).isEqualTo(POD);
        assertThat(first.getPodSandboxStatus().getState()).isEqualTo(PodSandboxState.SANDBOX_READY);
        assertThat(first.getContainersStatusesList())
                .extracting(s -> s.getId())
                .containsExactly(id, FakeContainers.id(2));
    }

    @Test
    void eventOfAPodThatIsGone_isSentWithoutItsStatus() throws Exception {
        start(ContainerEventFanout.DEFAULT_QUEUE);
        Reader reader = subscribe(-1);

        cri.containers.emit(new ContainerEvent(ContainerEvent.Type.DELETED, FakeContainers.id(5), "gone", 9));

        ContainerEventResponse event = reader.next();
        assertThat(event.hasPodSandboxStatus()).isFalse();
        assertThat(event.getContainersStatusesList()).isEmpty();
    }

    @Test
    void twoSubscribers_eachGetEveryEvent_inOrder() throws Exception {
        start(ContainerEventFanout.DEFAULT_QUEUE);
        Reader a = subscribe(-1);
        Reader b = subscribe(-1);
        String id = addContainer(1, "");

        for (int i = 0; i < 200; i++) {
            cri.containers.emit(new ContainerEvent(ContainerEvent.Type.STARTED, id, POD, i));
        }

        for (Reader reader : List.of(a, b)) {
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                times.add(reader.next().getCreatedAt());
            }
            assertThat(times).isSorted().hasSize(200).doesNotHaveDuplicates();
        }
    }

    @Test
    void aSubscriberThatDoesNotRead_isCutOffWithResourceExhausted_whileAReaderGetsEverything() throws Exception {
        start(8);
        Reader fast = subscribe(-1);
        Reader slow = subscribe(0); // asks for nothing: flow control stops the server, then its queue fills
        String big = "x".repeat(64 << 10); // each event carries ~64 KiB: the 1 MiB client window fills fast
        addContainer(1, big);

        int sent = 0;
        while (cri.events.subscriberCount() == 2 && sent < 500) {
            cri.containers.emit(new ContainerEvent(ContainerEvent.Type.STARTED, FakeContainers.id(1), POD, sent));
            assertThat(fast.next().getCreatedAt()).isEqualTo(sent);
            sent++;
        }

        assertThat(cri.events.subscriberCount())
                .as("the slow stream is dropped")
                .isEqualTo(1);
        assertThat(sent)
                .as("cut off after its window and queue filled, not at once")
                .isGreaterThan(8);
        slow.call.request(Integer.MAX_VALUE);
        Status end = slow.end.get(10, TimeUnit.SECONDS);
        assertThat(end.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(end.getDescription()).contains("fell behind: 8 events");
        assertThat(slow.events.size()).isLessThan(sent);
        List<Long> slowTimes =
                slow.events.stream().map(ContainerEventResponse::getCreatedAt).toList();
        assertThat(slowTimes)
                .as("what it got is a gapless prefix")
                .isEqualTo(java.util.stream.LongStream.range(0, slowTimes.size())
                        .boxed()
                        .toList());

        cri.containers.emit(new ContainerEvent(ContainerEvent.Type.STOPPED, FakeContainers.id(1), POD, sent));
        assertThat(fast.next().getContainerEventType()).isEqualTo(ContainerEventType.CONTAINER_STOPPED_EVENT);
        assertThat(fast.end).isNotDone();
    }

    @Test
    void aCancelledSubscriber_isRemoved() throws Exception {
        start(ContainerEventFanout.DEFAULT_QUEUE);
        Reader kept = subscribe(-1);
        Reader leaving = subscribe(-1);

        leaving.call.cancel("client went away", null);
        await(() -> cri.events.subscriberCount() == 1);
        cri.containers.emit(new ContainerEvent(ContainerEvent.Type.CREATED, FakeContainers.id(1), POD, 1));

        assertThat(kept.next().getContainerId()).isEqualTo(FakeContainers.id(1));
        assertThat(leaving.end.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
    }

    @Test
    void close_endsEveryStreamWithUnavailable_andUnsubscribes() throws Exception {
        start(ContainerEventFanout.DEFAULT_QUEUE);
        Reader reader = subscribe(-1);
        assertThat(cri.containers.subscriberCount()).isEqualTo(1);

        long before = System.nanoTime();
        cri.events.close();

        Status end = reader.end.get(10, TimeUnit.SECONDS);
        assertThat(end.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(end.getDescription()).contains("shutting down");
        assertThat(cri.containers.subscriberCount()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
    }
}
