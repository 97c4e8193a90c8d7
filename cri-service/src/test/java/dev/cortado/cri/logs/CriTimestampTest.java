package dev.cortado.cri.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** Go's {@code time.RFC3339Nano}: trailing zeros of the fraction cut, {@code Z} or {@code ±hh:mm}. */
class CriTimestampTest {
    private static String at(String instant, String zone) {
        return CriTimestamp.format(ZonedDateTime.ofInstant(Instant.parse(instant), ZoneId.of(zone)));
    }

    @Test
    void utc_endsInZ_withTheFractionTrimmed() {
        assertThat(at("2026-12-03T12:01:02.123456789Z", "UTC")).isEqualTo("2026-12-03T12:01:02.123456789Z");
        assertThat(at("2026-12-03T12:01:02.120Z", "UTC")).isEqualTo("2026-12-03T12:01:02.12Z");
        assertThat(at("2026-12-03T12:01:02.000000001Z", "UTC")).isEqualTo("2026-12-03T12:01:02.000000001Z");
    }

    @Test
    void wholeSecond_hasNoFraction() {
        assertThat(at("2026-01-05T00:00:00Z", "UTC")).isEqualTo("2026-01-05T00:00:00Z");
    }

    @Test
    void localZones_writeTheirOffset() {
        assertThat(at("2026-07-01T10:00:00.5Z", "Europe/Berlin")).isEqualTo("2026-07-01T12:00:00.5+02:00");
        assertThat(at("2026-07-01T10:00:00Z", "Asia/Kolkata")).isEqualTo("2026-07-01T15:30:00+05:30");
        assertThat(at("2026-01-01T10:00:00Z", "America/St_Johns")).isEqualTo("2026-01-01T06:30:00-03:30");
    }

    @Test
    void now_usesTheClock() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-03T12:00:00.25Z"), ZoneId.of("UTC"));
        assertThat(new String(CriTimestamp.now(clock), StandardCharsets.US_ASCII))
                .isEqualTo("2026-12-03T12:00:00.25Z");
    }
}
