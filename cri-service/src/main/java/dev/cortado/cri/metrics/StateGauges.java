package dev.cortado.cri.metrics;

import dev.cortado.cri.container.ContainerState;
import dev.cortado.cri.sandbox.SandboxState;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code cortado_containers{state}} (created, running, exited, unknown) and
 * {@code cortado_pods{state}} (ready, notready), read from the container and sandbox services
 * when scraped, at most once per {@link #MAX_AGE}.
 */
final class StateGauges {
    static final Duration MAX_AGE = Duration.ofSeconds(1);

    private StateGauges() {}

    static void register(
            PrometheusRegistry registry,
            Supplier<? extends Collection<ContainerState>> containers,
            Supplier<? extends Collection<SandboxState>> pods,
            LongSupplier nanoTime) {
        gauge(
                registry,
                "cortado_containers",
                "containers known to cortado, by CRI state",
                new StateCounts<>("containers", ContainerState.class, containers, nanoTime, MAX_AGE));
        gauge(
                registry,
                "cortado_pods",
                "pod sandboxes known to cortado, by CRI state",
                new StateCounts<>("pods", SandboxState.class, pods, nanoTime, MAX_AGE));
    }

    private static <E extends Enum<E>> void gauge(
            PrometheusRegistry registry, String name, String help, StateCounts<E> counts) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames("state")
                .callback(callback -> counts.get()
                        .ifPresent(map -> map.forEach(
                                (state, n) -> callback.call(n, state.name().toLowerCase(Locale.ROOT)))))
                .register(registry);
    }
}
