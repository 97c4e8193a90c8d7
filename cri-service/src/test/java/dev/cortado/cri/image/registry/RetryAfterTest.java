package dev.cortado.cri.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cri.image.reference.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@code Retry-After} on 429 and 503: parsed, capped, and the retry waits at least that long. */
class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-11-27T07:00:00Z");

    @Test
    void parse_delaySeconds_isThatWait() {
        assertThat(RetryAfter.parse(" 7 ", NOW)).contains(Duration.ofSeconds(7));
    }

    @Test
    void parse_httpDate_isTheTimeUntilThen() {
        assertThat(RetryAfter.parse("Fri, 27 Nov 2026 07:00:12 GMT", NOW)).contains(Duration.ofSeconds(12));
    }

    @Test
    void parse_longWaitsAndHugeNumbers_areCappedAt30Seconds() {
        assertThat(RetryAfter.parse("3600", NOW)).contains(RetryAfter.CAP);
        assertThat(RetryAfter.parse("99999999999999999999", NOW)).contains(RetryAfter.CAP);
        assertThat(RetryAfter.parse("Sat, 28 Nov 2026 07:00:00 GMT", NOW)).contains(RetryAfter.CAP);
    }

    @Test
    void parse_pastDateIsNoWait_andGarbageOrAbsentIsIgnored() {
        assertThat(RetryAfter.parse("Thu, 26 Nov 2026 07:00:00 GMT", NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    }

    @Test
    void waitMillis_isTheLongerOfBackoffAndRetryAfter() {
        RetryableException asked = new RetryableException("429", null, Duration.ofSeconds(2));
        assertThat(Resilience.waitMillis(10, asked)).isEqualTo(2000);
        assertThat(Resilience.waitMillis(5000, asked)).isEqualTo(5000);
        assertThat(Resilience.waitMillis(10, new RetryableException("500", null)))
                .isEqualTo(10);
    }

    @Test
    void resolve_tooManyRequestsWithRetryAfter_waitsThatLongThenSucceeds() throws IOException {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        try (FakeRegistry registry = new FakeRegistry()) {
            byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
            String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{"
                    + "\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + registry.putBlob(config)
                    + "\",\"size\":" + config.length + "},\"layers\":[]}";
            registry.putManifest("app", "v1", MediaTypes.OCI_MANIFEST, manifest);
            registry.faults.add(ex -> {
                ex.getResponseHeaders().add("Retry-After", "1");
                FakeRegistry.respond(ex, 429, new byte[0]);
                return true;
            });
            RegistryConfig cfg = RegistryConfig.defaults()
                    .withHosts(Map.of(
                            registry.authority(),
                            RegistryHostConfig.builder().insecure(true).build()))
                    .withTiming(Duration.ofSeconds(30), Duration.ofMillis(1));
            try (RegistryClient client =
                    new RegistryClient(cfg, HttpClients.create(cfg), Clock.systemUTC(), waits::add)) {
                var resolved = client.resolve(
                        ImageReference.parse(registry.authority() + "/app:v1"), Credentials.NONE, Platform.LINUX_AMD64);
                assertThat(resolved.layers()).isEmpty();
            }
        }
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
    }
}
