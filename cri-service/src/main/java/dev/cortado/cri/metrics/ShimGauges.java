package dev.cortado.cri.metrics;

import dev.cortado.cri.runtime.ShimCounts;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code cortado_shims{handler}} (shim processes cortado is connected to) and
 * {@code cortado_shim_tasks{handler}} (the tasks they serve; under the cortado handler each task
 * is one cortado-init monitor process), every configured handler listed, zeros too.
 */
final class ShimGauges {
    private ShimGauges() {}

    static void register(PrometheusRegistry registry, Supplier<List<ShimCounts>> shims, Collection<String> handlers) {
        GaugeWithCallback.builder()
                .name("cortado_shims")
                .help("shim processes cortado is connected to, by runtime handler")
                .labelNames("handler")
                .callback(callback -> byHandler(shims, handlers).forEach((h, c) -> callback.call(c.shims(), h)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("cortado_shim_tasks")
                .help("tasks (containers) served by those shims, by runtime handler; cortado's: one monitor each")
                .labelNames("handler")
                .callback(callback -> byHandler(shims, handlers).forEach((h, c) -> callback.call(c.tasks(), h)))
                .register(registry);
    }

    private static Map<String, ShimCounts> byHandler(Supplier<List<ShimCounts>> shims, Collection<String> handlers) {
        Map<String, ShimCounts> out = new TreeMap<>();
        handlers.forEach(h -> out.put(h, new ShimCounts(h, 0, 0)));
        shims.get().forEach(c -> out.put(c.handler(), c));
        return out;
    }
}
