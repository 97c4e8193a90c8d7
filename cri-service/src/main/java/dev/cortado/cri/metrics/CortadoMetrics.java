package dev.cortado.cri.metrics;

import dev.cortado.cri.container.ContainerFilter;
import dev.cortado.cri.container.ContainerState;
import dev.cortado.cri.container.Containers;
import dev.cortado.cri.image.PullRecorder;
import dev.cortado.cri.runtime.ShimCounts;
import dev.cortado.cri.sandbox.SandboxState;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import io.grpc.ServerInterceptor;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The daemon's metrics, in one registry of their own (no global state): the CRI call
 * interceptor and the pull recorder exist from the start, since the server and the image service
 * are built with them; the gauges over containers, pods and shims are added once those services
 * exist ({@link #watch}); {@link #serve} opens the endpoint. See cri-service/README.md for the
 * names.
 */
public final class CortadoMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final LongSupplier nanoTime;
    private final CriCallMetrics calls;
    private final PullMetrics pulls;

    CortadoMetrics(LongSupplier nanoTime, boolean jvm) {
        this.nanoTime = nanoTime;
        this.calls = new CriCallMetrics(registry, nanoTime);
        this.pulls = new PullMetrics(registry, nanoTime);
        if (jvm) {
            JvmMetrics.builder().register(registry);
        }
    }

    /** The daemon's metrics, the JVM's (memory, threads, GC, ...) included. */
    public static CortadoMetrics create() {
        return new CortadoMetrics(System::nanoTime, true);
    }

    /** Put in front of the CRI services, outside the error interceptor. */
    public ServerInterceptor interceptor() {
        return calls;
    }

    /** Given to the image service. */
    public PullRecorder pulls() {
        return pulls;
    }

    /**
     * Adds the gauges over containers, pods and shims and the OOM kill counter; closing the
     * result stops counting OOM kills.
     *
     * @param handlers the configured runtime handlers, listed with zeros when they have no shim
     */
    public AutoCloseable watch(
            Containers containers,
            Supplier<? extends Collection<SandboxState>> pods,
            Supplier<List<ShimCounts>> shims,
            Collection<String> handlers) {
        Supplier<List<ContainerState>> states = () -> containers.list(ContainerFilter.ALL).stream()
                .map(c -> c.status().state())
                .toList();
        StateGauges.register(registry, states, pods, nanoTime);
        ShimGauges.register(registry, shims, handlers);
        return containers.subscribe(new OomKills(registry, id -> reasonOf(containers, id)));
    }

    private static Optional<String> reasonOf(Containers containers, String id) {
        try {
            return Optional.of(containers.status(id).status().reason());
        } catch (CortadoException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return Optional.empty(); // removed right after its exit
            }
            throw e;
        }
    }

    /** Starts {@code /metrics} on {@code host:port}; UNAVAILABLE when it cannot listen there. */
    public MetricsEndpoint serve(String host, int port) {
        return MetricsEndpoint.start(registry, host, port);
    }

    PrometheusRegistry registry() {
        return registry;
    }
}
