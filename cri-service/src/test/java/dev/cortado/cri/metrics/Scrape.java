package dev.cortado.cri.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A registry written as the endpoint writes it (text format 0.0.4) and parsed back strictly. */
final class Scrape {
    private Scrape() {}

    static Map<String, PrometheusText.Family> of(PrometheusRegistry registry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return PrometheusText.parse(out.toString(StandardCharsets.UTF_8));
    }
}
