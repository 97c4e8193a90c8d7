package dev.cortado.cri.grpc;

import dev.cortado.api.cri.v1.ContainerEventResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GetContainerEvents stream: a bounded queue that the publisher only ever offers to, drained
 * onto the call on a shared executor while gRPC says the transport is ready ({@code isReady}, with
 * the on-ready handler to resume), so a client that does not read costs at most the queue plus
 * what flow control lets Netty hold. Drains are serialized by a work counter: at most one runs at
 * a time per subscriber, and every call on the observer happens inside one (grpc-java's observers
 * are not thread-safe).
 */
final class EventSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(EventSubscriber.class);

    private final ServerCallStreamObserver<ContainerEventResponse> call;
    private final BlockingQueue<ContainerEventResponse> queue;
    private final int capacity;
    private final Executor executor;
    private final Consumer<EventSubscriber> onEnd;
    private final AtomicInteger work = new AtomicInteger();
    /** Why the stream ends, set once: by overflow, by shutdown, or CANCELLED by the client. */
    private final AtomicReference<Status> ending = new AtomicReference<>();
    /** Touched only inside a drain. */
    private boolean finished;

    EventSubscriber(
            ServerCallStreamObserver<ContainerEventResponse> call,
            int capacity,
            Executor executor,
            Consumer<EventSubscriber> onEnd) {
        this.call = call;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.executor = executor;
        this.onEnd = onEnd;
    }

    /** Registers the handlers; must run inside the RPC method, before it returns (grpc-java's rule). */
    void start() {
        call.setOnCancelHandler(() -> end(Status.CANCELLED));
        call.setOnReadyHandler(this::schedule);
    }

    /**
     * Queues an event, never blocking. A full queue ends the stream with RESOURCE_EXHAUSTED: the
     * client has missed events for good, and kubelet's evented PLEG answers a broken stream by
     * relisting and subscribing again, which is the only way it can catch up.
     */
    void offer(ContainerEventResponse event) {
        if (ending.get() != null) {
            return;
        }
        if (!queue.offer(event)) {
            end(Status.RESOURCE_EXHAUSTED.withDescription(("container events subscriber fell behind: %d events "
                            + "waited for it to read when another came; list containers again and re-subscribe")
                    .formatted(capacity)));
            return;
        }
        schedule();
    }

    boolean ended() {
        return ending.get() != null;
    }

    /** Ends the stream with {@code why} (CANCELLED: the client went away, nothing is sent). */
    void end(Status why) {
        if (ending.compareAndSet(null, why)) {
            onEnd.accept(this);
            if (why.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                LOG.warn("GetContainerEvents stream cut off: {}", why.getDescription());
            }
            schedule();
        }
    }

    private void schedule() {
        if (work.getAndIncrement() == 0) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                work.set(0); // shutting down: the server cancels the call itself
                queue.clear();
            }
        }
    }

    private void drain() {
        int missed = 1;
        do {
            deliver();
            missed = work.addAndGet(-missed);
        } while (missed != 0);
    }

    private void deliver() {
        if (finished) {
            queue.clear();
            return;
        }
        Status why = ending.get();
        try {
            if (why != null) {
                finished = true;
                queue.clear();
                if (why.getCode() != Status.Code.CANCELLED) {
                    call.onError(why.asRuntimeException());
                }
                return;
            }
            while (call.isReady()) {
                ContainerEventResponse next = queue.poll();
                if (next == null) {
                    return;
                }
                call.onNext(next);
            }
        } catch (RuntimeException e) {
            // the call closed under us (a cancellation racing this drain): nothing left to deliver to
            LOG.debug("GetContainerEvents stream ended while sending: {}", e.toString());
            finished = true;
            queue.clear();
            end(Status.CANCELLED);
        }
    }
}
