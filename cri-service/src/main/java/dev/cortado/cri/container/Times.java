package dev.cortado.cri.container;

import java.time.Clock;
import java.time.Instant;

/** CRI timestamps: wall-clock nanoseconds since the epoch. */
final class Times {
    private Times() {}

    static long nanos(Clock clock) {
        return nanos(clock.instant());
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** The shim's exit time, or now when it did not know one (the epoch). */
    static long exitNanos(Instant exitedAt, Clock clock) {
        return exitedAt.equals(Instant.EPOCH) ? nanos(clock) : nanos(exitedAt);
    }
}
