package dev.cortado.cri.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many objects are in each state, read from their service when a scrape asks and kept for
 * {@code maxAge}: however often Prometheus (or anyone) scrapes, the metadata store is listed at
 * most once per {@code maxAge}, so scrapes cannot crowd out CRI calls on its one connection.
 * Every state is counted, zeros too, so a state's series never vanishes.
 */
final class StateCounts<E extends Enum<E>> {
    private static final Logger LOG = LoggerFactory.getLogger(StateCounts.class);
    private final String what;
    private final Class<E> states;
    private final Supplier<? extends Collection<E>> source;
    private final LongSupplier nanoTime;
    private final long maxAgeNanos;
    // @GuardedBy("this")
    private Map<E, Long> counts;
    // @GuardedBy("this")
    private long readAt;

    StateCounts(
            String what,
            Class<E> states,
            Supplier<? extends Collection<E>> source,
            LongSupplier nanoTime,
            Duration maxAge) {
        this.what = what;
        this.states = states;
        this.source = source;
        this.nanoTime = nanoTime;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** The counts, read again when older than {@code maxAge}; empty when reading failed (logged). */
    synchronized Optional<Map<E, Long>> get() {
        long now = nanoTime.getAsLong();
        if (counts == null || now - readAt >= maxAgeNanos) {
            try {
                Map<E, Long> fresh = new EnumMap<>(states);
                for (E state : states.getEnumConstants()) {
                    fresh.put(state, 0L);
                }
                source.get().forEach(s -> fresh.merge(s, 1L, Long::sum));
                counts = fresh;
                readAt = now;
            } catch (RuntimeException e) {
                LOG.warn("metrics: cannot count {} by state: {}", what, e.getMessage(), e);
                counts = null;
                return Optional.empty();
            }
        }
        return Optional.of(counts);
    }
}
