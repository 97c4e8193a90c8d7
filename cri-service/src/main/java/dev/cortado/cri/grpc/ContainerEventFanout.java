package dev.cortado.cri.grpc;

import dev.cortado.api.cri.v1.ContainerEventResponse;
import dev.cortado.api.cri.v1.ContainerEventType;
import dev.cortado.cri.container.ContainerEvent;
import dev.cortado.cri.container.ContainerFilter;
import dev.cortado.cri.container.Containers;
import dev.cortado.cri.sandbox.Sandbox;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GetContainerEvents for every subscriber: subscribed once to {@link Containers}, it builds each
 * event's {@code ContainerEventResponse} once (the pod's status and the statuses of the pod's
 * containers, as containerd's {@code generateAndSendContainerEvent}) and offers it to every
 * stream's bounded queue. The publisher never waits for a stream; a stream whose client falls a
 * whole queue behind is ended with RESOURCE_EXHAUSTED ({@link EventSubscriber#offer}).
 */
public final class ContainerEventFanout implements AutoCloseable {
    /** Events a stream may have waiting; kubelet reads them as they come. */
    public static final int DEFAULT_QUEUE = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(ContainerEventFanout.class);

    private final Containers containers;
    private final Function<String, Sandbox> pods;
    private final Executor executor;
    private final int capacity;
    private final Set<EventSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private volatile AutoCloseable subscription;
    private volatile boolean closed;

    private ContainerEventFanout(
            Containers containers, Function<String, Sandbox> pods, Executor executor, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity " + capacity + " is not positive");
        }
        this.containers = containers;
        this.pods = pods;
        this.executor = executor;
        this.capacity = capacity;
    }

    /**
     * Subscribes to {@code containers}' events.
     *
     * @param pods a pod's record by id ({@code SandboxService::status}); NOT_FOUND sends the event without it
     * @param executor runs the streams' deliveries (a small shared pool; never one thread per stream)
     * @param capacity events each stream may have waiting
     */
    public static ContainerEventFanout start(
            Containers containers, Function<String, Sandbox> pods, Executor executor, int capacity) {
        ContainerEventFanout fanout = new ContainerEventFanout(containers, pods, executor, capacity);
        fanout.subscription = containers.subscribe(fanout::publish);
        return fanout;
    }

    /** One GetContainerEvents call, until the client cancels, falls behind, or this closes. */
    void subscribe(ServerCallStreamObserver<ContainerEventResponse> call) {
        EventSubscriber subscriber = new EventSubscriber(call, capacity, executor, subscribers::remove);
        subscriber.start();
        subscribers.add(subscriber);
        if (closed) {
            subscriber.end(shuttingDown());
        } else if (subscriber.ended()) {
            subscribers.remove(subscriber); // cancelled before it was added
        }
    }

    int subscriberCount() {
        return subscribers.size();
    }

    private void publish(ContainerEvent event) {
        if (subscribers.isEmpty()) {
            return; // nobody listens: skip the statuses
        }
        ContainerEventResponse response = build(event);
        for (EventSubscriber subscriber : subscribers) {
            subscriber.offer(response);
        }
    }

    private ContainerEventResponse build(ContainerEvent event) {
        ContainerEventResponse.Builder out = ContainerEventResponse.newBuilder()
                .setContainerId(event.containerId())
                .setContainerEventType(type(event.type()))
                .setCreatedAt(event.createdAtNanos());
        // Best effort, as containerd: an event without a status still tells kubelet to look.
        try {
            out.setPodSandboxStatus(ProtoSandboxes.status(pods.apply(event.sandboxId())));
        } catch (CortadoException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                LOG.warn(
                        "container event {} for {}: no pod status: {}",
                        event.type(),
                        event.containerId(),
                        e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warn("container event {} for {}: no pod status", event.type(), event.containerId(), e);
        }
        try {
            out.addAllContainersStatuses(
                    containers.list(new ContainerFilter("", Optional.empty(), event.sandboxId(), Map.of())).stream()
                            .map(ProtoContainers::status)
                            .toList());
        } catch (RuntimeException e) {
            LOG.warn("container event {} for {}: no container statuses", event.type(), event.containerId(), e);
        }
        return out.build();
    }

    private static ContainerEventType type(ContainerEvent.Type type) {
        return switch (type) {
            case CREATED -> ContainerEventType.CONTAINER_CREATED_EVENT;
            case STARTED -> ContainerEventType.CONTAINER_STARTED_EVENT;
            case STOPPED -> ContainerEventType.CONTAINER_STOPPED_EVENT;
            case DELETED -> ContainerEventType.CONTAINER_DELETED_EVENT;
        };
    }

    private static Status shuttingDown() {
        return Status.UNAVAILABLE.withDescription("cortado is shutting down");
    }

    /** Unsubscribes and ends every stream with UNAVAILABLE, so that they do not hold the server's shutdown. */
    @Override
    public void close() {
        closed = true;
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.warn("cannot unsubscribe from container events: {}", e.toString());
        }
        for (EventSubscriber subscriber : subscribers) {
            subscriber.end(shuttingDown());
        }
    }
}
