package dev.cortado.cri.image.registry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Parses a {@code Retry-After} header (RFC 9110 §10.2.3: delay-seconds or an HTTP-date) into the
 * wait it asks for, capped so that a registry cannot park a pull for longer than {@link #CAP}.
 */
final class RetryAfter {
    /** The longest wait a registry may ask for; a longer one is cut to this. */
    static final Duration CAP = Duration.ofSeconds(30);

    private RetryAfter() {}

    /** The wait {@code header} asks for at {@code now}; empty when absent or unparsable. */
    static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        Duration wait;
        if (value.chars().allMatch(Character::isDigit)) {
            wait = value.length() > 9 ? CAP : Duration.ofSeconds(Long.parseLong(value));
        } else {
            try {
                wait = Duration.between(
                        now,
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return Optional.of(wait.compareTo(CAP) > 0 ? CAP : wait);
    }
}
