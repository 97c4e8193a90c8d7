package dev.cortado.ttrpc.server;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Status;
import dev.cortado.api.ttrpc.Request;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.ttrpc.Envelopes;
import dev.cortado.ttrpc.Metadata;
import dev.cortado.ttrpc.ServiceMethod;
import dev.cortado.ttrpc.TtrpcErrors;
import dev.cortado.ttrpc.frame.Frame;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Turns a Request frame into a call: parses {@code ttrpc.Request}, finds the method, feeds the
 * request payload to the call's input and, once the connection tracks the call, starts it.
 *
 * <p>Which payload counts as a message follows services.go {@code handle}: for a unary or
 * server-streaming method the payload is the request even when empty; for a streaming client
 * an empty payload is no message (ttrpc#126), and remote-closed on the Request ends the input.
 */
final class Dispatcher {
    private final ServiceRegistry registry;
    private final Executor executor;
    private final Clock clock;

    Dispatcher(ServiceRegistry registry, Executor executor, Clock clock) {
        this.registry = registry;
        this.executor = executor;
        this.clock = clock;
    }

    /** The call the frame asks for, not yet started; empty when it was answered with an error. */
    Optional<ServerCall<?, ?>> open(Frame frame, ServerConnection connection) {
        int id = frame.streamId();
        Request request;
        ServiceMethod<?, ?> bound;
        try {
            request = Envelopes.parseRequest(frame);
            bound = registry.resolve(request.getService(), request.getMethod());
        } catch (InvalidProtocolBufferException e) {
            connection.send(ServerCall.response(
                    id, TtrpcErrors.status(ErrorKind.INVALID_ARGUMENT, "unmarshal request error: " + e.getMessage())));
            return Optional.empty();
        } catch (CortadoException e) {
            connection.send(ServerCall.response(id, TtrpcErrors.toStatus(e)));
            return Optional.empty();
        }
        long timeout = request.getTimeoutNano();
        Optional<Instant> deadline =
                timeout == 0 ? Optional.empty() : Optional.of(clock.instant().plusNanos(timeout));
        ServerCall<?, ?> call = new ServerCall<>(
                connection, id, bound, Metadata.fromWire(request.getMetadataList()), deadline, Math.max(0, timeout));
        byte[] payload = Envelopes.payload(request);
        if (!call.clientStreaming()) {
            call.inbound().offer(payload);
            call.inbound().close();
        } else {
            if (payload.length > 0) {
                call.inbound().offer(payload);
            }
            if (frame.has(Frame.FLAG_REMOTE_CLOSED)) {
                call.inbound().close();
            }
        }
        return Optional.of(call);
    }

    /** Arms the deadline on {@code timers} and runs the handler on the executor. */
    void start(ServerCall<?, ?> call, ScheduledExecutorService timers) {
        call.deadline().ifPresent(d -> {
            Status expired = TtrpcErrors.status(ErrorKind.DEADLINE_EXCEEDED, "context deadline exceeded");
            call.deadlineTimer(timers.schedule(() -> call.fail(expired), call.timeoutNanos(), TimeUnit.NANOSECONDS));
        });
        try {
            executor.execute(call::run);
        } catch (RejectedExecutionException e) {
            call.fail(TtrpcErrors.status(ErrorKind.UNAVAILABLE, "ttrpc: server closed"));
        }
    }
}
