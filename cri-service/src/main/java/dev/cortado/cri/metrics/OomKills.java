package dev.cortado.cri.metrics;

import dev.cortado.cri.container.ContainerEvent;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cortado_container_oom_kills_total}: containers whose exit was recorded with reason
 * {@code OOMKilled} (the kernel's OOM killer ended them; containerd's CRI sets the same reason).
 * Fed by the container service's STOPPED events, which come once per exit after it is stored.
 */
final class OomKills implements Consumer<ContainerEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(OomKills.class);
    static final String OOM_KILLED = "OOMKilled";
    private final Function<String, Optional<String>> exitReason;
    private final Counter kills;

    /** @param exitReason a container's reason by id, empty when it is gone already */
    OomKills(PrometheusRegistry registry, Function<String, Optional<String>> exitReason) {
        this.exitReason = exitReason;
        this.kills = Counter.builder()
                .name("cortado_container_oom_kills_total")
                .help("containers that exited killed by the kernel's OOM killer (reason OOMKilled)")
                .withoutExemplars()
                .register(registry);
    }

    @Override
    public void accept(ContainerEvent event) {
        if (event.type() != ContainerEvent.Type.STOPPED) {
            return;
        }
        try {
            if (exitReason.apply(event.containerId()).filter(OOM_KILLED::equals).isPresent()) {
                kills.inc();
            }
        } catch (RuntimeException e) {
            // never the container service's problem: its event thread goes on
            LOG.warn(
                    "metrics: cannot read the exit reason of container {}: {}", event.containerId(), e.getMessage(), e);
        }
    }
}
