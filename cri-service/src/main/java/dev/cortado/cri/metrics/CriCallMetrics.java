package dev.cortado.cri.metrics;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Counts and times every call of the services it is put in front of, with the names and labels
 * of go-grpc-prometheus (what containerd exports, so existing dashboards work):
 * {@code grpc_server_started_total}, {@code grpc_server_handled_total} (with {@code grpc_code})
 * and the {@code grpc_server_handling_seconds} histogram. A call is handled, and timed, when it
 * closes (a stream at its end) or when its client cancels it (CANCELLED), whichever comes
 * first. Put it outside the error interceptor, so it sees the status the client gets.
 */
public final class CriCallMetrics implements ServerInterceptor {
    /** Upper bounds in seconds: CRI calls take a millisecond to minutes (pulls, stops with a grace period). */
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120
    };

    private static final double NANOS_PER_SECOND = 1e9;

    private final LongSupplier nanoTime;
    private final Counter started;
    private final Counter handled;
    private final Histogram latency;

    CriCallMetrics(PrometheusRegistry registry, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.started = Counter.builder()
                .name("grpc_server_started_total")
                .help("CRI calls started, by method")
                .labelNames("grpc_type", "grpc_service", "grpc_method")
                .withoutExemplars()
                .register(registry);
        this.handled = Counter.builder()
                .name("grpc_server_handled_total")
                .help("CRI calls completed, by method and gRPC status code")
                .labelNames("grpc_type", "grpc_service", "grpc_method", "grpc_code")
                .withoutExemplars()
                .register(registry);
        this.latency = Histogram.builder()
                .name("grpc_server_handling_seconds")
                .help("time from a CRI call's start to its status, by method")
                .labelNames("grpc_type", "grpc_service", "grpc_method")
                .classicOnly()
                .classicUpperBounds(BUCKETS)
                .withoutExemplars()
                .register(registry);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        MethodDescriptor<Q, R> method = call.getMethodDescriptor();
        String type = type(method.getType());
        String service = method.getServiceName();
        String name = method.getBareMethodName();
        started.labelValues(type, service, name).inc();
        long start = nanoTime.getAsLong();
        AtomicBoolean done = new AtomicBoolean();
        Runnable cancelled = () -> finish(done, start, type, service, name, Status.Code.CANCELLED);
        ServerCall<Q, R> counting = new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                finish(done, start, type, service, name, status.getCode());
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(counting, headers);
        } catch (RuntimeException e) {
            // grpc closes such a call itself, past every wrapper: count it as the client sees it
            finish(done, start, type, service, name, Status.fromThrowable(e).getCode());
            throw e;
        }
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onCancel() {
                cancelled.run();
                super.onCancel();
            }
        };
    }

    private void finish(AtomicBoolean done, long start, String type, String service, String method, Status.Code code) {
        if (done.compareAndSet(false, true)) {
            handled.labelValues(type, service, method, code.name()).inc();
            latency.labelValues(type, service, method).observe((nanoTime.getAsLong() - start) / NANOS_PER_SECOND);
        }
    }

    /** go-grpc-prometheus's {@code grpc_type} values. */
    static String type(MethodDescriptor.MethodType type) {
        return switch (type) {
            case UNARY -> "unary";
            case SERVER_STREAMING -> "server_stream";
            case CLIENT_STREAMING -> "client_stream";
            case BIDI_STREAMING -> "bidi_stream";
            case UNKNOWN -> type.name().toLowerCase(Locale.ROOT);
        };
    }
}
