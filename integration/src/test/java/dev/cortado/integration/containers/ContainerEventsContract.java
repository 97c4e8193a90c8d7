package dev.cortado.integration.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.ContainerEventResponse;
import dev.cortado.api.cri.v1.ContainerEventType;
import dev.cortado.api.cri.v1.ContainerState;
import dev.cortado.api.cri.v1.GetEventsRequest;
import dev.cortado.integration.cri.CriClient;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * GetContainerEvents, part of the contract: a subscriber sees CREATED, STARTED, STOPPED and
 * DELETED of one container, in that order, each with the pod's status.
 */
interface ContainerEventsContract {
    RuntimeUnderTest runtime();

    Kubelet kubelet();

    TestImages images();

    @Test
    default void containerEvents_createdStartedStoppedDeleted_inOrder() throws Exception {
        CriClient cri = kubelet().cri();
        Kubelet.Pod pod = kubelet().runPod("ctr-it-events");
        BlockingQueue<Object> received = new LinkedBlockingQueue<>(); // events, then the stream's end or error
        Context.CancellableContext subscription = Context.current().withCancellation();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> subscription.run(() -> {
            try {
                Iterator<ContainerEventResponse> events =
                        cri.runtime().getContainerEvents(GetEventsRequest.getDefaultInstance());
                events.forEachRemaining(received::add);
                received.add("end of stream");
            } catch (StatusRuntimeException e) {
                received.add(e);
            }
        }));
        try {
            // a first container whose CREATED event shows the subscription is live (events of earlier tests' containers
            // may come before it)
            String ping = kubelet()
                    .create(
                            pod,
                            kubelet()
                                    .container(pod, "ping", images().busybox(), "true")
                                    .build());
            Object first = null;
            long until = System.nanoTime() + Kubelet.WAIT.toNanos();
            while (System.nanoTime() < until
                    && !(first instanceof StatusRuntimeException)
                    && !(first instanceof ContainerEventResponse e
                            && e.getContainerId().equals(ping))) {
                first = received.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            }
            if (runtime().isContainerd16()) {
                // containerd 1.6 has no GetContainerEvents (evented PLEG came with 1.7): the call fails
                assertThat(first)
                        .isInstanceOfSatisfying(
                                StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNIMPLEMENTED));
                return;
            }
            assertThat(first)
                    .isInstanceOfSatisfying(
                            ContainerEventResponse.class,
                            e -> assertThat(e.getContainerEventType())
                                    .isEqualTo(ContainerEventType.CONTAINER_CREATED_EVENT));

            String id = kubelet()
                    .create(
                            pod,
                            kubelet()
                                    .container(pod, "tracked", images().busybox(), "sleep", "3600")
                                    .build());
            cri.startContainer(id);
            cri.stopContainer(id, 0);
            cri.removeContainer(id);
            List<ContainerEventResponse> mine = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Kubelet.WAIT.toNanos();
            while (mine.size() < 4 && System.nanoTime() < deadline) {
                Object next = received.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                if (next instanceof ContainerEventResponse e
                        && e.getContainerId().equals(id)) {
                    mine.add(e);
                } else if (next != null && !(next instanceof ContainerEventResponse)) {
                    throw new AssertionError("the event stream ended: " + next);
                }
            }
            assertThat(mine)
                    .extracting(ContainerEventResponse::getContainerEventType)
                    .containsExactly(
                            ContainerEventType.CONTAINER_CREATED_EVENT, ContainerEventType.CONTAINER_STARTED_EVENT,
                            ContainerEventType.CONTAINER_STOPPED_EVENT, ContainerEventType.CONTAINER_DELETED_EVENT);
            assertThat(mine).allSatisfy(e -> {
                assertThat(e.getCreatedAt()).isPositive();
                assertThat(e.getPodSandboxStatus().getId()).isEqualTo(pod.id());
            });
            assertThat(mine.get(1).getContainersStatusesList()).anySatisfy(s -> {
                assertThat(s.getId()).isEqualTo(id);
                assertThat(s.getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
            });
        } finally {
            subscription.cancel(null);
            reader.exceptionally(e -> null).get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
