package dev.cortado.cri.metrics;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} over HTTP, served by the Prometheus Java client's exporter (the JDK's
 * HTTP server) on two threads of its own: a scrape never runs on a CRI thread, and a flood of
 * scrapes waits its turn there.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    private static final int THREADS = 2;
    private final HTTPServer server;
    private final ExecutorService threads;
    private final String address;

    private MetricsEndpoint(HTTPServer server, ExecutorService threads, String address) {
        this.server = server;
        this.threads = threads;
        this.address = address;
    }

    /**
     * Listens on {@code host:port} ({@code host} empty: every interface); UNAVAILABLE naming the
     * address when it cannot.
     */
    static MetricsEndpoint start(PrometheusRegistry registry, String host, int port) {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        HTTPServer.Builder builder =
                HTTPServer.builder().registry(registry).port(port).executorService(threads);
        if (!host.isEmpty()) {
            builder.hostname(host);
        }
        String shown = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        try {
            HTTPServer server = builder.buildAndStart();
            LOG.info("metrics endpoint listening on http://{}/metrics", shown);
            return new MetricsEndpoint(server, threads, shown);
        } catch (IOException | RuntimeException e) {
            threads.shutdownNow();
            throw new CortadoException(
                    ErrorKind.UNAVAILABLE,
                    "cannot serve metrics on " + shown + " (config key metrics.address): " + e.getMessage(),
                    e);
        }
    }

    /** {@code HOST:PORT} as configured. */
    public String address() {
        return address;
    }

    /** Stops listening; a scrape in flight is cut off. */
    @Override
    public void close() {
        server.close();
        threads.shutdownNow();
        LOG.info("metrics endpoint on {} stopped", address);
    }
}
