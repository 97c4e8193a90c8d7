package dev.cortado.cri.daemon;

import dev.cortado.cri.config.MetricsSection;
import dev.cortado.cri.image.PullRecorder;
import dev.cortado.cri.metrics.CortadoMetrics;
import dev.cortado.cri.metrics.MetricsEndpoint;
import dev.cortado.cri.sandbox.Sandbox;
import dev.cortado.cri.sandbox.SandboxFilter;
import dev.cortado.cri.sandbox.SandboxService;
import io.grpc.ServerInterceptor;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code [metrics]} section made real: nothing at all when {@code address} is empty (no
 * interceptor, no recorder, nothing listens), else the daemon's {@link CortadoMetrics}, the
 * gauges over its services and the endpoint, which closes first at shutdown.
 */
final class MetricsWiring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsWiring.class);
    private final MetricsSection section;
    private final Optional<CortadoMetrics> metrics;
    private AutoCloseable watching = () -> {};
    private Optional<MetricsEndpoint> endpoint = Optional.empty();

    MetricsWiring(MetricsSection section) {
        this.section = section;
        this.metrics = section.enabled() ? Optional.of(CortadoMetrics.create()) : Optional.empty();
    }

    PullRecorder pulls() {
        return metrics.map(CortadoMetrics::pulls).orElse(PullRecorder.NONE);
    }

    List<ServerInterceptor> interceptors() {
        return metrics.map(m -> List.of(m.interceptor())).orElse(List.of());
    }

    /** Adds the gauges over the services and starts the endpoint; UNAVAILABLE when it cannot listen. */
    void serve(ContainerWiring.Wired containers, SandboxService sandboxes, Collection<String> handlers) {
        if (metrics.isEmpty()) {
            return;
        }
        watching = metrics.get()
                .watch(
                        containers.service(),
                        () -> sandboxes.list(SandboxFilter.ALL).stream()
                                .map(Sandbox::state)
                                .toList(),
                        containers.tasks()::counts,
                        handlers);
        endpoint = Optional.of(metrics.get().serve(section.host(), section.port()));
    }

    @Override
    public void close() {
        endpoint.ifPresent(MetricsEndpoint::close);
        try {
            watching.close();
        } catch (Exception e) {
            LOG.warn("metrics: cannot stop counting OOM kills", e);
        }
    }
}
